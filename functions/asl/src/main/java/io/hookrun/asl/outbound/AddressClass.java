package io.hookrun.asl.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Why an address may not be called: its {@link Kind}, and the IPv6 form that carries an IPv4 address of that kind
 * (null when the address itself is of that kind). {@code 169.254.169.254} is link-local; so is
 * {@code 64:ff9b::a9fe:a9fe}, in its NAT64 form, because a NAT64 gateway would forward it there.
 *
 * <p>The ranges are the special-purpose registries' (RFC 6890, IANA IPv4/IPv6 Special-Purpose Address Registry),
 * checked on the address bytes: the JDK's {@code isSiteLocalAddress} knows neither 100.64/10 nor fc00::/7.
 */
public record AddressClass(Kind kind, String form) {

    /** The kinds of address an outbound call never reaches unless allowed. */
    public enum Kind {
        LOOPBACK("loopback"),
        LINK_LOCAL("link-local"),
        PRIVATE("private"),
        CARRIER_GRADE_NAT("carrier-grade NAT"),
        UNIQUE_LOCAL("unique-local"),
        SITE_LOCAL("site-local"),
        MULTICAST("multicast"),
        UNSPECIFIED("unspecified"),
        BROADCAST("broadcast"),
        RESERVED("reserved"),
        LOCAL_NAT64("local-use NAT64");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** E.g. {@code "link-local"} or {@code "loopback (IPv4-mapped)"}. */
    public String describe() {
        return form == null ? kind.toString() : kind + " (" + form + ")";
    }

    /** The class of {@code address}, or empty for an address a call may reach. */
    public static Optional<AddressClass> of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(bytes).map(kind -> new AddressClass(kind, null));
        }
        if (address instanceof Inet6Address) {
            return ipv6(bytes);
        }
        return Optional.empty();
    }

    private static Optional<Kind> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return Optional.of(Kind.UNSPECIFIED); // 0.0.0.0/8, "this network": Linux connects 0.0.0.0 to the local host
        }
        if (a0 == 127) {
            return Optional.of(Kind.LOOPBACK);
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of(Kind.PRIVATE);
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of(Kind.CARRIER_GRADE_NAT);
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of(Kind.LINK_LOCAL);
        }
        if ((a0 & 0xf0) == 224) {
            return Optional.of(Kind.MULTICAST);
        }
        if (a0 == 255 && a1 == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
            return Optional.of(Kind.BROADCAST);
        }
        if ((a0 & 0xf0) == 240) {
            return Optional.of(Kind.RESERVED);
        }
        return Optional.empty();
    }

    private static Optional<AddressClass> ipv6(byte[] b) {
        // :: and ::1 are what they are, not IPv4-compatible forms of 0.0.0.0 and 0.0.0.1
        if (isZero(b, 0, 15) && (b[15] == 0 || b[15] == 1)) {
            return Optional.of(new AddressClass(b[15] == 0 ? Kind.UNSPECIFIED : Kind.LOOPBACK, null));
        }
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, 12, "IPv4-mapped");                 // ::ffff:a.b.c.d
        }
        if (isZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && isZero(b, 10, 12)) {
            return embedded(b, 12, "IPv4-translated");             // ::ffff:0:a.b.c.d (RFC 2765)
        }
        if (isZero(b, 0, 12)) {
            return embedded(b, 12, "IPv4-compatible");             // ::a.b.c.d (deprecated, RFC 4291)
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (isZero(b, 4, 12)) {
                return embedded(b, 12, "NAT64");                   // 64:ff9b::/96 (RFC 6052)
            }
            if (b[4] == 0 && b[5] == 1) {
                return Optional.of(new AddressClass(Kind.LOCAL_NAT64, null)); // 64:ff9b:1::/48 (RFC 8215)
            }
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return embedded(b, 2, "6to4");                         // 2002:aabb:ccdd::/48 (RFC 3056)
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of(new AddressClass(Kind.UNIQUE_LOCAL, null));
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Optional.of(new AddressClass(Kind.LINK_LOCAL, null));
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of(new AddressClass(Kind.SITE_LOCAL, null));
        }
        if (first == 0xff) {
            return Optional.of(new AddressClass(Kind.MULTICAST, null));
        }
        return Optional.empty();
    }

    private static Optional<AddressClass> embedded(byte[] b, int offset, String form) {
        return ipv4(Arrays.copyOfRange(b, offset, offset + 4)).map(kind -> new AddressClass(kind, form));
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
