package io.hookrun.deploycheck;

import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * {@code PutLifecycleEventHookExecutionStatus}, CodeDeploy's one call a hook makes, as the SDK client would send it:
 * an AWS JSON 1.1 POST with {@code X-Amz-Target: CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus}, signed
 * with SigV4 by the SDK's own signer under the function's role
 * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_PutLifecycleEventHookExecutionStatus.html).
 * Hand-built because the codedeploy client module is not on the build's Maven mirror for the SDK version every
 * hookrun module shares. One retry: a lost report costs the deployment an hour.
 */
class CodeDeployHookStatusReporter implements HookStatusReporter {

    private static final String TARGET = "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus";

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;
    private final JsonMapper json;

    /** @param endpoint {@code https://codedeploy.<region>.<partition domain>}, or a stand-in's */
    CodeDeployHookStatusReporter(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint,
                                 JsonMapper json) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.json = json;
    }

    /** CodeDeploy's regional endpoint: {@code codedeploy.<region>.amazonaws.com}, or the partition's domain. */
    static URI regionalEndpoint(Region region) {
        String domain = region.metadata() == null ? "amazonaws.com" : region.metadata().domain();
        return URI.create("https://codedeploy." + region.id() + "." + domain);
    }

    @Override
    public void report(String deploymentId, String hookExecutionId, CheckOutcome outcome) {
        byte[] body = body(deploymentId, hookExecutionId, outcome);
        try {
            send(body);
        } catch (RuntimeException first) {
            send(body);
        }
    }

    private void send(byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(request).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "codedeploy")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            int status = response.httpResponse().statusCode();
            String error = errorType(response);
            if (status / 100 != 2) {
                throw new IllegalStateException("CodeDeploy refused the hook status: HTTP " + status + " " + error);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CodeDeploy did not answer", e);
        }
    }

    private byte[] body(String deploymentId, String hookExecutionId, CheckOutcome outcome) {
        try {
            return json.writeValueAsBytes(Map.of("deploymentId", deploymentId,
                    "lifecycleEventHookExecutionId", hookExecutionId, "status", outcome.status()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code __type} of an AWS JSON error (e.g. {@code LifecycleEventAlreadyCompletedException}), read fully. */
    private String errorType(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            byte[] bytes = in.readAllBytes();
            if (response.httpResponse().statusCode() / 100 == 2 || bytes.length == 0) {
                return "";
            }
            Object type = json.readValue(bytes, Map.class).get("__type");
            return type == null ? "" : String.valueOf(type);
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }
}
