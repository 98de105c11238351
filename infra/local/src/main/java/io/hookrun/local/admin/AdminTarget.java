package io.hookrun.local.admin;

import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API a command or the console talks to, and how it authorizes: the running local stack (its address and
 * bearer token from {@code .hookrun/local.json}), or a deployed API named by {@code --api} (SigV4 with the default
 * AWS credential chain).
 *
 * @param api the API's base URI (the admin routes are under {@code /admin/})
 */
public record AdminTarget(URI api, AdminAuth auth, boolean local) {

    /** {@code https://<id>.execute-api.<region>.amazonaws.com[...]} */
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    /**
     * @param api       {@code --api}, or null for the local stack
     * @param region    {@code --region}, or null: {@code AWS_REGION}, then the region in an {@code execute-api} host
     * @param stackFile where {@code hookrun local} writes its address and token ({@link LocalStackFile#next})
     * @throws IOException with a message saying what to do when there is no local stack or no region
     */
    public static AdminTarget resolve(@Nullable String api, @Nullable String region, Path stackFile) throws IOException {
        if (api == null || api.isBlank()) {
            Optional<LocalStackFile> local = LocalStackFile.read(stackFile);
            if (local.isEmpty() || !local.get().writerAlive()) {
                throw new IOException("no hookrun local is running here (" + stackFile + "): start it with ./hookrun local,"
                        + " or name a deployed API with --api https://<id>.execute-api.<region>.amazonaws.com");
            }
            return new AdminTarget(local.get().api(), new BearerTokenAuth(local.get().adminToken()), true);
        }
        URI uri = URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IOException("--api must be an absolute URL such as https://<id>.execute-api.<region>.amazonaws.com");
        }
        String chosen = region != null && !region.isBlank() ? region : regionOf(uri);
        if (chosen == null) {
            throw new IOException("cannot tell the API's region from " + uri.getHost() + ": pass --region or set AWS_REGION");
        }
        return new AdminTarget(uri, new SigV4Auth(DefaultCredentialsProvider.builder().build(), chosen), false);
    }

    /** {@code AWS_REGION}, else the region an {@code execute-api} host name carries; null when neither says. */
    static @Nullable String regionOf(URI api) {
        String env = System.getenv("AWS_REGION");
        if (env != null && !env.isBlank()) {
            return env;
        }
        Matcher host = EXECUTE_API_HOST.matcher(api.getHost());
        return host.matches() ? host.group(1) : null;
    }

    /** {@code api} + {@code pathAndQuery} (which starts with {@code /}). */
    public URI resolve(String pathAndQuery) {
        String base = api.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }
}
