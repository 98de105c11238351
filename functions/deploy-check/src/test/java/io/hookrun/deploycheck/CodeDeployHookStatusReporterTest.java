package io.hookrun.deploycheck;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one CodeDeploy call, as the SDK client would make it: AWS JSON 1.1, its target, SigV4 for codedeploy. */
class CodeDeployHookStatusReporterTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final RecordingHttp http = new RecordingHttp();
    private final CodeDeployHookStatusReporter reporter = new CodeDeployHookStatusReporter(http,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-real-secret")),
            Region.EU_WEST_1, CodeDeployHookStatusReporter.regionalEndpoint(Region.EU_WEST_1), JSON);

    @Test
    void putsTheStatus_signedForCodeDeployInTheFunctionsRegion() throws IOException {
        http.answers.add(200);

        reporter.report("d-ABCDEF123", "hook-execution-1", CheckOutcome.failed("run FAILED"));

        assertThat(http.requests).hasSize(1);
        Recorded request = http.requests.getFirst();
        assertThat(request.uri()).isEqualTo(URI.create("https://codedeploy.eu-west-1.amazonaws.com"));
        assertThat(request.headers().get("X-Amz-Target")).containsExactly("CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus");
        assertThat(request.headers().get("Content-Type")).containsExactly("application/x-amz-json-1.1");
        assertThat(request.headers().get("Authorization")).singleElement().asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/codedeploy/aws4_request", "SignedHeaders=", "x-amz-target")
                .doesNotContain("not-a-real-secret");
        assertThat(JSON.readValue(request.body(), Map.class)).isEqualTo(Map.of("deploymentId", "d-ABCDEF123",
                "lifecycleEventHookExecutionId", "hook-execution-1", "status", "Failed"));
    }

    @Test
    void aRefusedFirstAttempt_isSentOnceMore() {
        http.answers.addAll(List.of(500, 200));

        reporter.report("d-1", "hook-1", CheckOutcome.passed("ok"));

        assertThat(http.requests).hasSize(2);
    }

    @Test
    void refusedTwice_failsTheInvocation_namingCodeDeploysErrorType() {
        http.answers.addAll(List.of(400, 400));

        assertThatThrownBy(() -> reporter.report("d-1", "hook-1", CheckOutcome.passed("ok")))
                .hasMessageContaining("HTTP 400").hasMessageContaining("LifecycleEventAlreadyCompletedException");
        assertThat(http.requests).hasSize(2);
    }

    @Test
    void chinaRegions_useTheirPartitionsDomain() {
        assertThat(CodeDeployHookStatusReporter.regionalEndpoint(Region.CN_NORTH_1))
                .isEqualTo(URI.create("https://codedeploy.cn-north-1.amazonaws.com.cn"));
    }

    private record Recorded(URI uri, Map<String, List<String>> headers, byte[] body) { }

    /** Records each request; answers with the next status, an AWS JSON error body for a 4xx. */
    private static final class RecordingHttp implements SdkHttpClient {

        final List<Recorded> requests = new ArrayList<>();
        final Deque<Integer> answers = new ArrayDeque<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    byte[] body;
                    try (var in = request.contentStreamProvider().orElseThrow().newStream()) {
                        body = in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    requests.add(new Recorded(request.httpRequest().getUri(), request.httpRequest().headers(), body));
                    int status = answers.poll();
                    String answer = status / 100 == 4 ? "{\"__type\":\"LifecycleEventAlreadyCompletedException\"}" : "{}";
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpFullResponse.builder().statusCode(status).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8))))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
