package io.hookrun.local.e2e;

import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets at rest and rotation through the real functions of {@code ./hookrun local}: the stored trigger holds no
 * secret value, a rotation's answer is the only one that shows the new value, and during the overlap deliveries
 * signed with the old and the new secret are both accepted.
 */
class SecretRotationEndToEndIT {

    private static final String TOKEN = "rotation-token";
    private static LocalCloud cloud;
    private static HookrunClient client;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken(TOKEN)
                .withoutQueuePolling().withFunctions("WebhookFunction", "AdminFunction"));
        client = new HookrunClient(cloud.httpApi(), TOKEN);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void rotatedTrigger_acceptsBothSecretsDuringTheOverlap_andNeitherIsStoredOrShownInClear() throws Exception {
        client.createWorkflowAndTrigger("order-flow", "rotating");

        HttpResponse<String> rotated = HookrunClient.expect(
                client.admin("POST", "/admin/triggers/rotating/secrets", "{\"overlapSeconds\": 3600}"), 201);
        String next = (String) HookrunClient.json(rotated.body()).get("secret");
        HttpResponse<String> oldSigned = client.send(signed("rotating", "msg_old", HookrunClient.SECRET));
        HttpResponse<String> newSigned = client.send(signed("rotating", "msg_new", next));
        HttpResponse<String> read = HookrunClient.expect(client.admin("GET", "/admin/triggers/rotating", null), 200);

        assertThat(rotated.headers().firstValue("cache-control")).contains("no-store");
        assertThat(oldSigned.statusCode()).as(oldSigned.body()).isEqualTo(202);
        assertThat(newSigned.statusCode()).as(newSigned.body()).isEqualTo(202);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> secrets = (List<Map<String, Object>>) ((Map<String, Object>) HookrunClient
                .json(read.body()).get("signature")).get("secrets");
        assertThat(secrets).hasSize(2).allSatisfy(s -> assertThat(s).containsEntry("active", true));
        assertThat(read.body()).doesNotContain(next, HookrunClient.SECRET.substring(6));

        Map<String, AttributeValue> item = cloud.dynamoDb().getItem(r -> r.tableName(cloud.tableName("HookrunTable"))
                .key(Map.of("pk", AttributeValue.fromS("trigger#rotating")))).item();
        String stored = item.toString() + item.values().stream().filter(v -> v.b() != null)
                .map(v -> new String(v.b().asByteArray(), StandardCharsets.ISO_8859_1) + Base64.getEncoder()
                        .encodeToString(v.b().asByteArray())).toList();
        assertThat(stored).contains("sealedSecrets").doesNotContain(HookrunClient.SECRET.substring(6), next.substring(6));
        assertThat(Files.readAllBytes(cloud.secretsKeyFile())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cloud.secretsKeyFile())))
                .isEqualTo("rw-------");
    }

    private static HookrunClient.Delivery signed(String trigger, String id, String secret) {
        String body = "{\"orderId\":\"" + id + "\",\"amount\":5}";
        String ts = Long.toString(Instant.now().getEpochSecond());
        return new HookrunClient.Delivery(trigger, id, ts, body,
                StandardWebhooksScheme.sign(secret, id, ts, body.getBytes(StandardCharsets.UTF_8)));
    }
}
