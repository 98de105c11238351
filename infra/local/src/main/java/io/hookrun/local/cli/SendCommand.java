package io.hookrun.local.cli;

import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.local.admin.AdminTarget;
import io.hookrun.local.cli.HookrunCli.UsageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * {@code hookrun send <triggerId> [--file F | --data JSON] [--scheme S] [--secret S | --secret-env VAR] ...}: signs a
 * body as a sender of that scheme would (the scheme's own {@link SignatureScheme#sign}, the code hookrun verifies
 * with), posts it to {@code /hooks/<triggerId>} of the running {@code hookrun local} or of {@code --url}, and prints
 * the answer. {@code --repeat N} sends the very same delivery (same id, timestamp and signature) N times, which is
 * what a sender's retry looks like: the copies after the first are answered {@code Idempotent-Replayed: true}.
 *
 * <p>stdout holds the answers only: {@code HTTP <status>}, the headers that matter to a sender
 * ({@code Idempotent-Replayed}, {@code Retry-After}), then the body; stderr says what was sent. The secret is never
 * printed. The exit status is 1 when any answer was 4xx or 5xx.
 */
final class SendCommand {

    static final String USAGE = """
              send <triggerId> [--file <path> | --data '<body>'] [--content-type <type>] [--scheme <scheme>]
                   [--secret <secret> | --secret-env <VAR>] [--event-type <type>] [--id <deliveryId>]
                   [--timestamp <unix seconds>] [--hmac-settings '<json>' | --hmac-* options] [--api <API base URL>]
                   [--repeat N] [--header 'Name: value']... [--output json]
                  Signs the body (--file - reads stdin; none: an empty body) as a sender of the scheme does and POSTs
                  it to /hooks/<triggerId>; prints the status, Idempotent-Replayed and Retry-After, and the body.
                  Schemes: standard-webhooks (default; a whsec_ secret signs v1, a whsk_ private key v1a), github
                  (needs --event-type), stripe (the delivery id is the body's "id"), hmac (the trigger's
                  signature.hmac as --hmac-settings '<json>' or as options, e.g. --hmac-header X-Signature
                  --hmac-prefix sha256= --hmac-delivery-id-header X-Delivery-Id), none. --secret-env VAR reads the
                  secret from an environment variable, keeping it off the command line and out of shell history.
                  --id defaults to a fresh msg_... (a UUID for github); a scheme with no delivery-id header (none,
                  hmac without one) sends it as Idempotency-Key. --repeat N sends the same delivery N times
                  (same id, timestamp and signature) to show deduplication. Sends to the running ./hookrun local
                  (.hookrun/local.json), or to --api (a deployed API's base URL; --url is the same). Exit status 1 on
                  a 4xx or 5xx. --output json prints one JSON line per answer: {"status", "headers", "body"}.
                  hmac options: --hmac-header H [--hmac-prefix P] [--hmac-encoding hex|base64]
                      [--hmac-algorithm sha256|sha512] [--hmac-signed body|timestamp-body] [--hmac-separator S]
                      [--hmac-timestamp-header H] [--hmac-delivery-id-header H | --hmac-delivery-id-pointer /ptr]
                      [--hmac-event-type-header H]
            """;

    private static final String ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Headers a sender cares about in an answer; the others (content-length, date...) are left out. */
    private static final List<String> SHOWN_HEADERS = List.of("Idempotent-Replayed", "Retry-After", "Location");

    /** A delivery ready to be posted: where, with which headers, which bytes. */
    record Delivery(URI url, Map<String, String> headers, byte[] body) {
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Path stackFile;
    private final SignatureVerifier schemes;
    private final Clock clock;
    private final RandomGenerator random;
    private final Function<String, String> environment;
    private final InputStream stdin;

    /**
     * @param schemes     the signature schemes hookrun verifies with; their {@code sign} makes the headers
     * @param environment reads {@code --secret-env}'s variable ({@code System::getenv})
     */
    SendCommand(PrintStream out, PrintStream err, Path stackFile, SignatureVerifier schemes, Clock clock,
                RandomGenerator random, Function<String, String> environment, InputStream stdin) {
        this.out = out;
        this.err = err;
        this.stackFile = stackFile;
        this.schemes = schemes;
        this.clock = clock;
        this.random = random;
        this.environment = environment;
        this.stdin = stdin;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        int repeat = HookrunCli.number(HookrunCli.option(args, "--repeat", "1"), "--repeat", 1, 100);
        String output = HookrunCli.option(args, "--output", "text");
        if (!output.equals("text") && !output.equals("json")) {
            throw new UsageException("--output takes text or json, not '" + output + "'");
        }
        Delivery delivery = delivery(args);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        boolean refused = false;
        for (int copy = 1; copy <= repeat; copy++) {
            err.println("hookrun: POST " + delivery.url() + (repeat > 1 ? " (copy " + copy + " of " + repeat + ")" : ""));
            HttpResponse<String> answer = post(http, delivery);
            if (output.equals("json")) {
                printJson(answer);
            } else {
                print(answer);
            }
            refused |= answer.statusCode() >= 400;
        }
        return refused ? 1 : 0;
    }

    /** Parses the arguments into a signed delivery; a mistake is a {@link UsageException}. */
    Delivery delivery(List<String> args) throws IOException {
        String url = HookrunCli.option(args, "--url", null);
        String api = HookrunCli.option(args, "--api", null);
        HookrunCli.option(args, "--region", null); // accepted as by every command: /hooks is not SigV4-signed
        if (url != null && api != null) {
            throw new UsageException("give the API's base URL with --api or with --url, not both");
        }
        url = url != null ? url : api;
        String file = HookrunCli.option(args, "--file", null);
        String data = HookrunCli.option(args, "--data", null);
        String contentType = HookrunCli.option(args, "--content-type", null);
        String schemeName = HookrunCli.option(args, "--scheme", StandardWebhooksScheme.NAME);
        String secret = HookrunCli.option(args, "--secret", null);
        String secretEnv = HookrunCli.option(args, "--secret-env", null);
        String eventType = HookrunCli.option(args, "--event-type", null);
        String id = HookrunCli.option(args, "--id", null);
        String timestampText = HookrunCli.option(args, "--timestamp", null);
        HmacSettings hmac = HmacOptions.take(args);
        Map<String, String> extraHeaders = extraHeaders(args);
        if (args.size() != 1 || args.getFirst().startsWith("--")) {
            throw new UsageException("send takes one <triggerId> and options, got " + args);
        }
        String triggerId = args.getFirst();
        if (file != null && data != null) {
            throw new UsageException("give the body with --file or with --data, not both");
        }
        if (secret != null && secretEnv != null) {
            throw new UsageException("give the secret with --secret or with --secret-env, not both");
        }
        SignatureScheme scheme = schemes.scheme(schemeName).orElseThrow(() -> new UsageException(
                "unknown scheme '" + schemeName + "'; hookrun knows " + schemes.schemeNames()));
        SignatureSettings settings = settings(schemeName, hmac);
        String signingSecret = signingSecret(scheme, secret, secretEnv);
        if (schemeName.equals("github") && eventType == null) {
            throw new UsageException("GitHub sends its event type in X-GitHub-Event: pass --event-type (push, ping...)");
        }
        if (hmac != null && hmac.eventTypeHeader() != null && eventType == null) {
            throw new UsageException("the hmac settings name an event-type header (" + hmac.eventTypeHeader()
                    + "): pass --event-type");
        }
        boolean idInBody = schemeName.equals("stripe") || hmac != null && hmac.deliveryIdPointer() != null;
        if (id != null && idInBody) {
            throw new UsageException("this scheme takes the delivery id from the body ("
                    + (hmac == null ? "/id" : hmac.deliveryIdPointer()) + "): change it there, not with --id");
        }
        byte[] body = file != null ? read(file) : data != null ? data.getBytes(StandardCharsets.UTF_8) : new byte[0];
        Instant timestamp = timestampText == null ? clock.instant()
                : Instant.ofEpochSecond(HookrunCli.number(timestampText, "--timestamp", 0, Integer.MAX_VALUE));
        String deliveryId = id != null ? id : schemeName.equals("github") ? UUID.randomUUID().toString() : newMessageId();

        Map<String, String> headers = new LinkedHashMap<>();
        if (body.length > 0 || contentType != null) {
            headers.put("Content-Type", contentType == null ? "application/json" : contentType);
        }
        Map<String, String> signed = new LinkedHashMap<>(sign(scheme, settings, signingSecret, deliveryId, eventType,
                timestamp, body));
        if (!idInBody && !signed.containsValue(deliveryId)) {
            // The scheme carries no delivery id (none, hmac without one): name it the way every trigger accepts
            // (ADR 0006); a structured CloudEvent's own id still comes first.
            signed.put("Idempotency-Key", deliveryId);
        }
        headers.putAll(signed);
        headers.putAll(extraHeaders);
        // The signed headers only: a --header may carry a credential of its own (an API key), and is not echoed.
        err.println("hookrun: signed with " + schemeName + ": " + String.join(", ", signed.keySet().stream()
                .sorted(String.CASE_INSENSITIVE_ORDER).map(h -> h + ": " + signed.get(h)).toList()));
        return new Delivery(hooksUrl(url, triggerId), Map.copyOf(headers), body);
    }

    /** The scheme's headers; a secret it cannot sign with is a usage error that names the problem, never the secret. */
    private static Map<String, String> sign(SignatureScheme scheme, SignatureSettings settings, String secret,
                                            String deliveryId, String eventType, Instant timestamp, byte[] body) {
        try {
            return scheme.sign(settings, secret, deliveryId, eventType, timestamp, body);
        } catch (IllegalArgumentException e) {
            String problem = scheme.secretProblem(secret);
            throw new UsageException("the " + scheme.name() + " scheme cannot sign with this secret"
                    + (problem == null ? "" : ": " + problem));
        }
    }

    private SignatureSettings settings(String schemeName, HmacSettings hmac) {
        if (schemeName.equals("hmac") && hmac == null) {
            throw new UsageException("the hmac scheme needs the trigger's settings: --hmac-settings '<json>' or "
                    + HmacOptions.USAGE_FIELDS);
        }
        if (!schemeName.equals("hmac") && hmac != null) {
            throw new UsageException("--hmac-* options go with --scheme hmac");
        }
        SignatureSettings settings = new SignatureSettings(schemeName, null, hmac);
        List<String> problems = schemes.scheme(schemeName).map(s -> s.settingsProblems(settings)).orElse(List.of());
        if (!problems.isEmpty()) {
            throw new UsageException("the " + schemeName + " settings cannot be used: " + String.join("; ", problems));
        }
        return settings;
    }

    private String signingSecret(SignatureScheme scheme, String secret, String secretEnv) {
        if (secretEnv != null) {
            String value = environment.apply(secretEnv);
            if (value == null || value.isBlank()) {
                throw new UsageException("--secret-env " + secretEnv + ": the environment variable " + secretEnv
                        + " is not set");
            }
            return value.trim();
        }
        if (secret == null && scheme.needsSecrets()) {
            throw new UsageException("the " + scheme.name() + " scheme signs with a secret: pass --secret-env <VAR>"
                    + " (or --secret <secret>)");
        }
        return secret == null ? "" : secret;
    }

    private static Map<String, String> extraHeaders(List<String> args) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = HookrunCli.option(args, "--header", null); header != null;
             header = HookrunCli.option(args, "--header", null)) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new UsageException("--header takes 'Name: value', got '" + header + "'");
            }
            headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return headers;
    }

    /** Svix-style {@code msg_} followed by 27 random letters and digits: unique enough to never collide by chance. */
    private String newMessageId() {
        StringBuilder id = new StringBuilder("msg_");
        for (int i = 0; i < 27; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /**
     * {@code <base>/hooks/<triggerId>}, keeping a path the base has: a deployed HTTP API's URL may end in a stage
     * ({@code https://abc.execute-api.eu-west-1.amazonaws.com/prod}), which {@link URI#resolve} would drop.
     */
    private URI hooksUrl(String url, String triggerId) throws IOException {
        String base = url != null ? url : localApi().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        try {
            URI uri = URI.create(base + "/hooks/" + URLEncoder.encode(triggerId, StandardCharsets.UTF_8).replace("+", "%20"));
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not http");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--api (or --url) takes the API's base URL, e.g. https://abc.execute-api.eu-west-1.amazonaws.com");
        }
    }

    /** The running local stack's address, as every command finds it ({@link AdminTarget#resolve}). */
    private URI localApi() throws IOException {
        return AdminTarget.resolve(null, null, null, stackFile, environment).api();
    }

    private HttpResponse<String> post(HttpClient http, Delivery delivery) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(delivery.url()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        try {
            delivery.headers().forEach(request::header);
        } catch (IllegalArgumentException e) {
            // java.net.http refuses to let callers set Host, Content-Length, Connection, Expect, Upgrade
            throw new UsageException("a header cannot be sent: " + e.getMessage());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new IOException("nothing answers at " + delivery.url() + ": is ./hookrun local running? Start it in"
                    + " another terminal with ./hookrun local, or check --api", e);
        }
    }

    private void print(HttpResponse<String> answer) {
        out.println("HTTP " + answer.statusCode());
        for (String header : SHOWN_HEADERS) {
            answer.headers().firstValue(header).ifPresent(value -> out.println(header + ": " + value));
        }
        if (!answer.body().isEmpty()) {
            out.println(answer.body());
        }
        out.flush();
    }

    /** One line of JSON per answer: {@code {"status", "headers": {the shown ones}, "body": <JSON, or the text>}}. */
    private void printJson(HttpResponse<String> answer) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", answer.statusCode());
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : SHOWN_HEADERS) {
            answer.headers().firstValue(header).ifPresent(value -> headers.put(header, value));
        }
        json.put("headers", headers);
        Object body;
        try {
            body = answer.body().isEmpty() ? null : JsonOutput.parse(answer.body().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            body = answer.body();
        }
        json.put("body", body);
        out.println(JsonOutput.compact(json));
        out.flush();
    }

    private byte[] read(String file) throws IOException {
        if (file.equals("-")) {
            return stdin.readAllBytes();
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("no body file at " + path);
        }
        return Files.readAllBytes(path);
    }
}
