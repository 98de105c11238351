package io.hookrun.database.credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * RDS IAM database authentication: the password of each new connection is an authentication token, a SigV4
 * presigned {@code GET https://<host>:<port>/?Action=connect&DBUser=<user>} for service {@code rds-db}, valid for
 * 15 minutes, without the {@code https://} prefix. It is signed here with the function's own AWS credentials (its
 * role, which needs {@code rds-db:connect} on {@code arn:aws:rds-db:<region>:<account>:dbuser:<proxy or cluster
 * resource id>/<user>}); no call to AWS is made. A token is made per connection: a token only has to be valid
 * when the connection is opened, and a fresh one picks up rotated role credentials.
 *
 * <p>This is what the SDK's {@code RdsUtilities.generateAuthenticationToken} does (same request, signing name and
 * expiry: the unit test compares the two), with the SDK core's {@code http-auth-aws} signer, which every function
 * jar already carries, instead of the {@code rds} module, a 6.0 MB jar for this one method.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.Connecting.html">Connecting with IAM authentication</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html">Connecting to a proxy using IAM authentication</a>
 */
public final class IamAuthTokenSource implements DatabaseCredentialsSource {

    /** How long a token is valid: the most RDS accepts. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    static final String SIGNING_NAME = "rds-db";

    private final String username;
    private final String host;
    private final int port;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param host the host the driver connects to (the RDS Proxy endpoint): RDS checks the token against it
     */
    public IamAuthTokenSource(String username, String host, int port, Region region, AwsCredentialsProvider credentials,
                              Clock clock) {
        this.username = username;
        this.host = host;
        this.port = port;
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public DatabaseCredentials current() throws SQLException {
        return new DatabaseCredentials(username, token());
    }

    /** A new token: the refused one may have been signed with role credentials that have since expired. */
    @Override
    public DatabaseCredentials afterAuthenticationFailure(DatabaseCredentials rejected) throws SQLException {
        return current();
    }

    @Override
    public String describe() {
        return "RDS IAM authentication token for user " + username + " at " + host + ":" + port;
    }

    String token() throws SQLException {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .putRawQueryParameter("DBUser", username)
                .putRawQueryParameter("Action", "connect")
                .build();
        try {
            SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                    .request(request)
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                    .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, TOKEN_LIFETIME)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock));
            String url = signed.request().getUri().toString();
            return url.startsWith("https://") ? url.substring("https://".length()) : url;
        } catch (SdkException e) {
            // No role credentials to sign with (the provider chain found none, or could not refresh them).
            throw new SQLException("no AWS credentials to sign the RDS IAM authentication token for user " + username
                    + ": " + e.getClass().getSimpleName(), SecretsManagerDatabaseSecretSource.CANNOT_CONNECT, e);
        }
    }
}
