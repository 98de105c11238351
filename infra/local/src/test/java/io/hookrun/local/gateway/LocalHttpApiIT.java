package io.hookrun.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway over a real socket, in front of a real function context ({@code EchoHandler}, which answers with
 * the event it got): routing, IAM stand-in, limits and error answers as API Gateway gives them.
 */
class LocalHttpApiIT {

    static final Path TEST_TEMPLATE = Path.of("src/test/resources/local-test-template.yaml");
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(TEST_TEMPLATE).withHttpPort(0).withoutPostgres().withoutQueuePolling()
                .withFunctions("EchoFunction").withAdminToken("test-admin-token"));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(cloud.httpApi() + pathAndQuery));
    }

    private static APIGatewayV2HTTPEvent echoed(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), APIGatewayV2HTTPEvent.class);
    }

    @Test
    void postWithPathParameter_reachesTheFunction_asAPayload2Event() throws Exception {
        HttpResponse<String> response = send(request("/echo/order%201?a=1&a=2").header("X-Repeat", "1").header("X-Repeat", "2")
                .header("Cookie", "c1=v1; c2=v2").POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")));

        APIGatewayV2HTTPEvent event = echoed(response);
        assertThat(event.getRouteKey()).isEqualTo("POST /echo/{id}");
        assertThat(event.getPathParameters()).containsExactlyEntriesOf(Map.of("id", "order 1"));
        assertThat(event.getQueryStringParameters()).containsExactlyEntriesOf(Map.of("a", "1,2"));
        assertThat(event.getHeaders()).containsEntry("x-repeat", "1,2");
        assertThat(event.getCookies()).containsExactly("c1=v1", "c2=v2");
        assertThat(event.getBody()).isEqualTo("{\"n\":1}");
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
    }

    @Test
    void functionResponse_headersMultiValueHeadersAndCookies_reachTheClient() throws Exception {
        HttpResponse<String> response = send(request("/echo/x").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.headers().allValues("x-multi")).containsExactly("one", "two");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; Path=/");
    }

    @Test
    void function_seesItsTemplateEnvironmentAsProperties_andALambdaContext() throws Exception {
        HttpResponse<String> response = send(request("/echo/x").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.headers().firstValue("x-greeting")).contains("hello from us-east-1");
        assertThat(response.headers().firstValue("x-mood")).contains("friendly");
        assertThat(response.headers().firstValue("x-joined")).contains("a-b-c");
        assertThat(response.headers().firstValue("x-table")).contains("TestTable");
        assertThat(response.headers().firstValue("x-queue-arn")).contains("arn:aws:sqs:elasticmq:000000000000:WorkQueue");
        assertThat(response.headers().firstValue("x-function-name")).contains("EchoFunction");
        assertThat(Integer.parseInt(response.headers().firstValue("x-remaining-ms").orElseThrow())).isBetween(1, 5000);
    }

    @Test
    void binaryBody_goesInBase64_andABase64ResponseIsDecoded() throws Exception {
        byte[] bytes = {(byte) 0xff, 0, 1, (byte) 0xfe, (byte) 0x80};

        HttpResponse<byte[]> response = HTTP.send(request("/echo/x?raw=1").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
    }

    @Test
    void greedyPath_matchesTheRest_andAnExactRouteWinsOverIt() throws Exception {
        APIGatewayV2HTTPEvent greedy = echoed(send(request("/files/a/b/c.txt").GET()));
        APIGatewayV2HTTPEvent exact = echoed(send(request("/files/readme").GET()));

        assertThat(greedy.getRouteKey()).isEqualTo("GET /files/{proxy+}");
        assertThat(greedy.getPathParameters()).containsExactlyEntriesOf(Map.of("proxy", "a/b/c.txt"));
        assertThat(exact.getRouteKey()).isEqualTo("GET /files/readme");
    }

    @Test
    void noRoute_orWrongMethod_is404NotFound() throws Exception {
        HttpResponse<String> unknown = send(request("/nothing/here").GET());
        HttpResponse<String> wrongMethod = send(request("/echo/x").GET());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
    }

    @Test
    void iamRoute_withoutToken_is401ProblemJson() throws Exception {
        HttpResponse<String> response = send(request("/admin/runs").GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(JSON.readValue(response.body(), Map.class)).containsEntry("status", 401).containsKeys("type", "title", "detail");
    }

    @Test
    void iamRoute_withWrongToken_is403ProblemJson() throws Exception {
        HttpResponse<String> response = send(request("/admin/runs").header("Authorization", "Bearer nope").GET());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(JSON.readValue(response.body(), Map.class)).containsEntry("status", 403).containsEntry("title", "Forbidden");
    }

    @Test
    void iamRoute_withTheAdminToken_reachesTheFunction_forAnyMethod() throws Exception {
        APIGatewayV2HTTPEvent event = echoed(send(request("/admin/runs/42").header("Authorization", "Bearer test-admin-token")
                .method("DELETE", HttpRequest.BodyPublishers.noBody())));

        assertThat(event.getRouteKey()).isEqualTo("ANY /admin/{proxy+}");
        assertThat(event.getPathParameters()).containsExactlyEntriesOf(Map.of("proxy", "runs/42"));
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("DELETE");
    }

    @Test
    void bodyOver10Mb_is413_withoutReachingTheFunction() throws Exception {
        HttpResponse<String> response = send(request("/echo/big")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[LocalHttpApi.MAX_BODY_BYTES + 1])));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void functionThrows_is500InternalServerError() throws Exception {
        HttpResponse<String> response = send(request("/boom").GET());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }
}
