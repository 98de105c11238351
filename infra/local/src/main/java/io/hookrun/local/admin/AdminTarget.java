package io.hookrun.local.admin;

import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;

/**
 * The admin API a command or the console talks to, and how it authorizes: the running local stack (its address and
 * bearer token from {@code .hookrun/local.json}), or a deployed API named by {@code --api} (SigV4 with the default
 * AWS credential chain).
 *
 * @param api   the API's base URI (the admin routes are under {@code /admin/})
 * @param local whether this is a stack on this machine (bearer token), not a deployed API (SigV4)
 */
public record AdminTarget(URI api, AdminAuth auth, boolean local) {

    /** {@code https://<id>.execute-api.<region>.amazonaws.com[...]} */
    private static final String EXAMPLE = "https://<id>.execute-api.<region>.amazonaws.com";
    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|\\[?(0{0,4}:){2,7}0{0,3}1]?");
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    /**
     * @param api       {@code --api}, or null for the local stack
     * @param region    {@code --region}, or null: the region in an {@code execute-api} host, then {@code AWS_REGION}
     * @param stackFile where {@code hookrun local} writes its address and token ({@link LocalStackFile#next})
     * @throws IOException with a message saying what to do when there is no local stack or no region
     */
    public static AdminTarget resolve(@Nullable String api, @Nullable String region, Path stackFile) throws IOException {
        return resolve(api, region, null, stackFile, System::getenv);
    }

    /**
     * As {@link #resolve(String, String, Path)}, with a bearer token given on the command line ({@code --token}) and
     * the environment to read ({@code AWS_REGION}, {@code HOOKRUN_ADMIN_TOKEN}).
     *
     * <p>An {@code --api} that is the running local stack's address takes its token; an {@code --api} on a loopback
     * address is a local stack elsewhere (another checkout, a test) and takes {@code --token} or
     * {@code HOOKRUN_ADMIN_TOKEN}: API Gateway never listens there, so SigV4 would only fail later, less clearly.
     */
    public static AdminTarget resolve(@Nullable String api, @Nullable String region, @Nullable String token, Path stackFile,
                                      Function<String, String> environment) throws IOException {
        Optional<LocalStackFile> written = LocalStackFile.read(stackFile);
        Optional<LocalStackFile> local = written.filter(LocalStackFile::writerAlive);
        if (api == null || api.isBlank()) {
            if (written.isEmpty()) {
                throw new IOException("./hookrun local is not running here (no " + stackFile + "): start it in another"
                        + " terminal with ./hookrun local, or name a deployed API with --api " + EXAMPLE);
            }
            if (local.isEmpty()) {
                throw new IOException("./hookrun local is not running (it served " + written.get().api() + " as process "
                        + written.get().pid() + ", which has ended): start it with ./hookrun local, or name a deployed API"
                        + " with --api " + EXAMPLE);
            }
            return new AdminTarget(local.get().api(), new BearerTokenAuth(token != null ? token : local.get().adminToken()), true);
        }
        URI uri;
        try {
            uri = URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
            throw new IOException("--api must be an absolute http(s) URL such as " + EXAMPLE);
        }
        if (token != null && !token.isBlank()) {
            return new AdminTarget(uri, new BearerTokenAuth(token), true);
        }
        URI base = uri;
        Optional<LocalStackFile> same = local.filter(file -> file.api().equals(base));
        if (same.isPresent()) {
            return new AdminTarget(uri, new BearerTokenAuth(same.get().adminToken()), true);
        }
        if (loopback(uri.getHost())) {
            String fromEnvironment = environment.apply("HOOKRUN_ADMIN_TOKEN");
            if (fromEnvironment == null || fromEnvironment.isBlank()) {
                throw new IOException("no admin token for " + uri + " (a local stack): pass --token or set HOOKRUN_ADMIN_TOKEN");
            }
            return new AdminTarget(uri, new BearerTokenAuth(fromEnvironment), true);
        }
        String chosen = region != null && !region.isBlank() ? region : regionOf(uri, environment);
        if (chosen == null) {
            throw new IOException("cannot tell the API's region from " + uri.getHost() + ": pass --region or set AWS_REGION");
        }
        return new AdminTarget(uri, new SigV4Auth(DefaultCredentialsProvider.builder().build(), chosen), false);
    }

    /**
     * The region an {@code execute-api} host name carries, else {@code AWS_REGION}; null when neither says. The host
     * comes first: a request signed for any other region than the API's is refused, whatever the shell's default.
     */
    static @Nullable String regionOf(URI api, Function<String, String> environment) {
        Matcher host = EXECUTE_API_HOST.matcher(api.getHost());
        if (host.matches()) {
            return host.group(1);
        }
        String env = environment.apply("AWS_REGION");
        return env == null || env.isBlank() ? null : env;
    }

    /** {@code localhost}, {@code 127.x.x.x}, {@code [::1]}: names no DNS is asked about. */
    private static boolean loopback(String host) {
        return LOOPBACK.matcher(host.toLowerCase(Locale.ROOT)).matches();
    }

    /** {@code api} + {@code pathAndQuery} (which starts with {@code /}). */
    public URI resolve(String pathAndQuery) {
        String base = api.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }
}
