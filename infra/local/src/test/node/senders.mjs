// Signs (and verifies) webhook deliveries with the senders' own libraries, for SenderLibrariesEndToEndIT.
//
// stdin: a JSON array of tasks; stdout: a JSON array of results, in the same order.
//   {"op": "sign", "sender": "standardwebhooks", "secret": "whsec_...", "id": "msg_...", "timestamp": 1700000000, "body": "..."}
//   {"op": "sign", "sender": "standardwebhooks-v1a", "privateKeyPkcs8": "<base64 DER>", "id": ..., "timestamp": ..., "body": ...}
//   {"op": "sign", "sender": "github", "secret": "...", "id": "<uuid>", "event": "push", "body": "..."}
//   {"op": "sign", "sender": "stripe", "secret": "whsec_...", "timestamp": 1700000000, "body": "..."}
//       -> {"headers": {...}}: exactly the headers that sender puts on the request
//   {"op": "verify", "sender": ..., "secret": ..., "headers": {...}, "body": "..."}
//       -> {"verified": true} or {"verified": false, "error": "..."}: the library's own verifier on a request
//   {"op": "versions"} -> {"versions": {"standardwebhooks": "1.1.1", ...}}
//
// Standard Webhooks v1a (Ed25519) is signed with node's own crypto: the standardwebhooks package signs v1 only
// (its Webhook class has no asymmetric keys). The spec: signature = base64(ed25519(id + "." + timestamp + "." + body)),
// sent as "v1a,<signature>" in webhook-signature; the public key is "whpk_" + base64(32 raw bytes).
import { createPrivateKey, sign as ed25519Sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { sign as githubSign, verify as githubVerify } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";

// No API call is made: the key only satisfies the constructor; webhooks signing is local.
const stripe = new Stripe("sk_test_hookrun_sender_libraries");

async function sign(task) {
  const body = task.body;
  switch (task.sender) {
    case "standardwebhooks":
      return {
        "webhook-id": task.id,
        "webhook-timestamp": String(task.timestamp),
        "webhook-signature": new Webhook(task.secret).sign(task.id, new Date(task.timestamp * 1000), body),
      };
    case "standardwebhooks-v1a": {
      const key = createPrivateKey({ key: Buffer.from(task.privateKeyPkcs8, "base64"), format: "der", type: "pkcs8" });
      const signed = Buffer.from(`${task.id}.${task.timestamp}.${body}`, "utf8");
      return {
        "webhook-id": task.id,
        "webhook-timestamp": String(task.timestamp),
        "webhook-signature": "v1a," + ed25519Sign(null, signed, key).toString("base64"),
      };
    }
    case "github":
      return {
        "X-GitHub-Delivery": task.id,
        "X-GitHub-Event": task.event,
        "X-Hub-Signature-256": await githubSign(task.secret, body),
      };
    case "stripe":
      return {
        "Stripe-Signature": stripe.webhooks.generateTestHeaderString({
          payload: body,
          secret: task.secret,
          timestamp: task.timestamp,
        }),
      };
    default:
      throw new Error(`unknown sender ${task.sender}`);
  }
}

function header(headers, name) {
  const found = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
  return found === undefined ? undefined : headers[found];
}

async function verify(task) {
  const { body, headers, secret } = task;
  switch (task.sender) {
    case "standardwebhooks":
      new Webhook(secret).verify(body, {
        "webhook-id": header(headers, "webhook-id"),
        "webhook-timestamp": header(headers, "webhook-timestamp"),
        "webhook-signature": header(headers, "webhook-signature"),
      });
      return true;
    case "github":
      return await githubVerify(secret, body, header(headers, "X-Hub-Signature-256"));
    case "stripe":
      stripe.webhooks.constructEvent(body, header(headers, "Stripe-Signature"), secret);
      return true;
    default:
      throw new Error(`unknown sender ${task.sender}`);
  }
}

function versions() {
  // Read from node_modules next to this script (npm ci installs there): some packages do not export package.json.
  const version = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
  return { standardwebhooks: version("standardwebhooks"), "@octokit/webhooks-methods": version("@octokit/webhooks-methods"),
    stripe: version("stripe"), node: process.versions.node };
}

async function run(task) {
  switch (task.op) {
    case "sign":
      return { headers: await sign(task) };
    case "verify":
      try {
        const verified = await verify(task);
        return verified ? { verified: true } : { verified: false, error: "the library says the signature does not match" };
      } catch (e) {
        return { verified: false, error: String(e && e.message ? e.message : e) };
      }
    case "versions":
      return { versions: versions() };
    default:
      throw new Error(`unknown op ${task.op}`);
  }
}

const tasks = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const task of tasks) {
  results.push(await run(task));
}
process.stdout.write(JSON.stringify(results));
