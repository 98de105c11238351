package io.hookrun.database.credentials;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class IamAuthTokenSourceTest {

    private static final String HOST = "hookrun-proxy.proxy-abc123.us-east-1.rds.amazonaws.com";
    private static final Instant NOW = Instant.parse("2026-12-01T12:34:56Z");
    private static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private final IamAuthTokenSource source = new IamAuthTokenSource("hookrun", HOST, 5432, Region.US_EAST_1,
            StaticCredentialsProvider.create(KEYS), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void theToken_isAPresignedConnectUrlWithoutItsScheme_for15Minutes() throws SQLException {
        String token = source.current().password();

        assertThat(token).startsWith(HOST + ":5432/?").doesNotStartWith("https://");
        URI uri = URI.create("https://" + token);
        assertThat(uri.getQuery()).contains("Action=connect", "DBUser=hookrun", "X-Amz-Algorithm=AWS4-HMAC-SHA256",
                "X-Amz-Credential=AKIDEXAMPLE/20261201/us-east-1/rds-db/aws4_request", "X-Amz-Date=20261201T123456Z",
                "X-Amz-Expires=900", "X-Amz-SignedHeaders=host", "X-Amz-Signature=");
        assertThat(source.current().username()).isEqualTo("hookrun");
    }

    /**
     * The same token, byte for byte, as the SDK's RdsUtilities.generateAuthenticationToken makes: its code presigns
     * this request with the legacy Aws4Signer (signing name rds-db, expiry now + 15 min). Any difference in the
     * canonical request (payload hash, host header, expiry) would change the signature. The two signers append
     * the query parameters in different orders, which the canonical request (sorted) and RDS do not care about.
     */
    @Test
    void theToken_isWhatTheSdksRdsUtilitiesWouldMake() throws SQLException {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).protocol("https").host(HOST)
                .port(5432).encodedPath("/").putRawQueryParameter("DBUser", "hookrun").putRawQueryParameter("Action", "connect")
                .build();
        @SuppressWarnings("deprecation")
        SdkHttpFullRequest presigned = Aws4Signer.create().presign(request, Aws4PresignerParams.builder()
                .signingClockOverride(Clock.fixed(NOW, ZoneOffset.UTC))
                .expirationTime(NOW.plus(IamAuthTokenSource.TOKEN_LIFETIME))
                .awsCredentials(KEYS).signingName("rds-db").signingRegion(Region.US_EAST_1).build());
        String expected = presigned.getUri().toString().substring("https://".length());

        String token = source.current().password();

        assertThat(token).startsWith(HOST + ":5432/?");
        assertThat(parameters(token)).isEqualTo(parameters(expected)).containsKey("X-Amz-Signature");
    }

    private static java.util.Map<String, String> parameters(String token) {
        java.util.Map<String, String> parameters = new java.util.TreeMap<>();
        for (String pair : token.substring(token.indexOf('?') + 1).split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            parameters.put(nameAndValue[0], nameAndValue[1]);
        }
        return parameters;
    }

    @Test
    void afterARefusal_aNewTokenIsMade_withFreshCredentials() throws SQLException {
        DatabaseCredentials refused = source.current();

        assertThat(source.afterAuthenticationFailure(refused).username()).isEqualTo("hookrun");
        assertThat(source.describe()).contains("hookrun", HOST).doesNotContain("X-Amz-Signature");
        assertThat(refused.toString()).doesNotContain("X-Amz");
    }
}
