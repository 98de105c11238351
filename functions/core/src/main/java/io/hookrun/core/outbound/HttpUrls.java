package io.hookrun.core.outbound;

import java.net.URI;
import java.net.URISyntaxException;

/** What hookrun accepts as an address to call out to: an absolute http(s) URL with a host. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /** Whether {@code value} is a string holding an absolute {@code http} or {@code https} URL with a host. */
    public static boolean isHttpUrl(Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
