package io.hookrun.local.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.admin.AdminTarget;
import io.hookrun.local.admin.SigV4Auth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin client's SigV4 requests, checked as API Gateway checks them: a server on 127.0.0.1 rebuilds the canonical
 * request from what it received (method, raw path and query, the signed headers, the body) and signs it again with
 * the SDK's {@link AwsV4HttpSigner}, the same credentials and the time of {@code X-Amz-Date}; it answers 200 only
 * when its signature equals the one sent.
 */
class SigV4AdminClientTest {

    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final List<String> seen = new ArrayList<>();
    private final HttpServer server;

    SigV4AdminClientTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::verify);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI api() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prod");
    }

    private AdminClient client() {
        return new AdminClient(new AdminTarget(api(), new SigV4Auth(StaticCredentialsProvider.create(CREDENTIALS),
                "eu-west-1", Clock.fixed(NOW, ZoneOffset.UTC)), false));
    }

    @Test
    void aGetWithAQueryString_isSignedAsTheServerComputesIt() throws Exception {
        AdminClient.Answer answer = client().get("/admin/runs" + AdminClient.query(List.of("triggerId", "orders & co",
                "from", "2026-12-01T00:00:00Z", "limit", "5")));

        assertThat(answer.status()).as(answer.problem()).isEqualTo(200);
        assertThat(seen).singleElement().asString()
                .contains("Credential=AKIDEXAMPLE/20261201/eu-west-1/execute-api/aws4_request", "x-amz-date=20261201T080000Z")
                .contains("/prod/admin/runs?triggerId=orders%20%26%20co&from=2026-12-01T00%3A00%3A00Z&limit=5");
    }

    @Test
    void aPutWithABody_isSignedOverThatBody() throws Exception {
        AdminClient.Answer answer = client().sendJson("PUT", AdminClient.path("admin", "workflows", "order flow"),
                Map.of("StartAt", "A", "States", Map.of("A", Map.of("Type", "Succeed"))));

        assertThat(answer.status()).as(answer.problem()).isEqualTo(200);
        assertThat(seen).singleElement().asString().startsWith("PUT /prod/admin/workflows/order%20flow");
    }

    @Test
    void aBodyChangedAfterSigning_isRefused_soTheServerReallyChecks() throws Exception {
        URI uri = URI.create(api() + "/admin/workflows/w");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"StartAt\":\"B\"}"));
        new SigV4Auth(StaticCredentialsProvider.create(CREDENTIALS), "eu-west-1", Clock.fixed(NOW, ZoneOffset.UTC))
                .authorize(request, "PUT", uri, "{\"StartAt\":\"A\"}".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(403);
    }

    /** API Gateway's check, with the SDK's signer: the same canonical request must give the same signature. */
    private void verify(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("authorization");
            String amzDate = exchange.getRequestHeaders().getFirst("x-amz-date");
            URI received = exchange.getRequestURI();
            seen.add(exchange.getRequestMethod() + " " + received + " " + authorization + " x-amz-date=" + amzDate);
            int status = 403;
            if (authorization != null && amzDate != null) {
                String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
                SdkHttpRequest.Builder rebuilt = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(exchange.getRequestMethod()))
                        .uri(URI.create("http://" + exchange.getRequestHeaders().getFirst("host") + received.toString()));
                for (String header : signedHeaders.split(";")) {
                    if (!header.equals("host") && !header.equals("x-amz-date")) {
                        rebuilt.putHeader(header, exchange.getRequestHeaders().getFirst(header));
                    }
                }
                Instant signedAt = AMZ_DATE.parse(amzDate, Instant::from);
                String expected = AwsV4HttpSigner.create().sign(r -> r
                                .identity(AwsCredentialsIdentity.create(CREDENTIALS.accessKeyId(), CREDENTIALS.secretAccessKey()))
                                .request(rebuilt.build())
                                .payload(body.length == 0 ? null : ContentStreamProvider.fromByteArray(body))
                                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                        .request().firstMatchingHeader("Authorization").orElse("");
                status = expected.equals(authorization) ? 200 : 403;
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }
}
