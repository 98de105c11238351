package io.hookrun.local.admin;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Signs admin requests to a deployed API with the caller's AWS credentials (Signature Version 4, service
 * {@code execute-api}), as API Gateway's {@code AWS_IAM} authorizer expects. The SDK's own signer does the work; the
 * credentials come from the provider given (the default chain: environment, profile, SSO cache, container, instance).
 *
 * @param region the API's region (its {@code execute-api} host names it)
 * @param clock  the signing time ({@code X-Amz-Date}); API Gateway refuses a signature more than 5 minutes off
 */
public record SigV4Auth(AwsCredentialsProvider credentials, String region, Clock clock) implements AdminAuth {

    /** Headers the JDK's HttpClient sets itself and refuses from callers: they are not copied (Host is still signed). */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    public SigV4Auth(AwsCredentialsProvider credentials, String region) {
        this(credentials, region, Clock.systemUTC());
    }

    @Override
    public void authorize(HttpRequest.Builder request, String method, URI uri, byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method)).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned)
                .payload(body.length == 0 ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
    }

    @Override
    public String describe() {
        return "AWS credentials from the default chain (SigV4, region " + region + ")";
    }
}
