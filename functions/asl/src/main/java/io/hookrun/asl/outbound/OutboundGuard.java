package io.hookrun.asl.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a URL may be called from inside the cloud (docs/adr/0007, "Outbound safety"): not when its host is,
 * or resolves to, an internal address ({@link AddressClass}): the Lambda credentials endpoint at 169.254.169.254, the
 * VPC's private ranges, the local host. Every address a name resolves to is checked, not only the first, because the
 * client may connect to any of them.
 *
 * <p>Names are resolved with {@link InetAddress#getAllByName}, the same call the JDK HTTP client makes when it
 * connects, so both read the same entry of the JDK's address cache ({@code networkaddress.cache.ttl}, 30 s by
 * default): a DNS answer that changes between this check and the connection (DNS rebinding) is not seen by the
 * connection while the entry lives. Setting {@code networkaddress.cache.ttl=0} would reopen that gap. IP literals are
 * read without DNS ({@link HostLiteral}).
 *
 * <p>An allowed host name skips the check; an allowed IP or block allows those addresses whichever name led to them;
 * {@code allowLoopback} allows loopback addresses (for {@code ./hookrun local}, never deployed).
 */
public final class OutboundGuard {

    /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final AllowList allowList;
    private final boolean allowLoopback;
    private final Resolver resolver;

    public OutboundGuard(AllowList allowList, boolean allowLoopback) {
        this(allowList, allowLoopback, InetAddress::getAllByName);
    }

    public OutboundGuard(AllowList allowList, boolean allowLoopback, Resolver resolver) {
        this.allowList = allowList;
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /**
     * @throws OutboundRefusedException when {@code uri} may not be called
     * @throws UnknownHostException     when its host does not resolve (as the call itself would fail)
     */
    public void check(URI uri) throws IOException {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new OutboundRefusedException(String.valueOf(uri.getRawAuthority()),
                    "the URL has no host name the guard can read");
        }
        if (allowList.allowsHost(host)) {
            return;
        }
        Optional<List<InetAddress>> literal = HostLiteral.addresses(host);
        if (literal.isPresent() && literal.get().isEmpty()) {
            throw new OutboundRefusedException(host, "it looks like an IP address but is not a valid one");
        }
        List<InetAddress> addresses = literal.isPresent() ? literal.get() : Arrays.asList(resolver.resolve(host));
        for (InetAddress address : addresses) {
            Optional<AddressClass> internal = AddressClass.of(address);
            if (internal.isEmpty() || allowList.allowsAddress(address)
                    || (allowLoopback && internal.get().kind() == AddressClass.Kind.LOOPBACK)) {
                continue;
            }
            throw new OutboundRefusedException(host, (literal.isPresent() ? "it is " : "it resolves to ")
                    + address.getHostAddress() + ", " + article(internal.get().describe()) + " address");
        }
    }

    private static String article(String kind) {
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }
}
