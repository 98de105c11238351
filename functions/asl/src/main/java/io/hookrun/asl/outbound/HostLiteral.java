package io.hookrun.asl.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The addresses a URL host written as an IP literal may mean, found without DNS.
 *
 * <p>IPv6 literals ({@code [::ffff:127.0.0.1]}, {@code [fe80::1%25eth0]}) are parsed by the JDK, which never asks DNS
 * for a bracketed host; the zone id is dropped (it names an interface, not an address). IPv4 literals are read in
 * every form a resolver might accept, because which one applies depends on who parses: the JDK reads
 * {@code 2130706433}, {@code 127.1} and {@code 0177.0.0.1} as decimal numbers (1 to 4 parts, the last filling the
 * remaining bytes), while the C library's {@code inet_aton}, behind {@code getaddrinfo}, reads {@code 0x7f.1} as hex
 * and {@code 0177.0.0.1} as octal. A host is refused when any of its readings is, so the guard never depends on which
 * parser the runtime ends up using (JDK-8277608 changed the JDK's own).
 */
final class HostLiteral {

    private HostLiteral() {
    }

    /**
     * The possible addresses of {@code host}; empty when it is a name (to be resolved), an empty list when it looks
     * like a literal but is no valid address.
     */
    static Optional<List<InetAddress>> addresses(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.indexOf(':') >= 0) {
            int zone = bare.indexOf('%');
            String address = zone < 0 ? bare : bare.substring(0, zone);
            try {
                return Optional.of(List.of(InetAddress.getByName("[" + address + "]")));
            } catch (UnknownHostException | IllegalArgumentException e) {
                return Optional.of(List.of());
            }
        }
        String[] parts = withoutTrailingDot(bare).split("\\.", -1);
        if (parts.length > 4 || !allNumeric(parts)) {
            return Optional.empty();
        }
        List<InetAddress> readings = new ArrayList<>();
        reading(parts, false).ifPresent(readings::add);
        reading(parts, true).filter(a -> !readings.contains(a)).ifPresent(readings::add);
        return Optional.of(List.copyOf(readings));
    }

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") && host.length() > 1 ? host.substring(0, host.length() - 1) : host;
    }

    private static boolean allNumeric(String[] parts) {
        for (String part : parts) {
            String p = part.toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                return false;
            }
            if (p.startsWith("0x")) {
                if (!p.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                }
            } else if (!p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address the parts mean as {@code inet_aton} reads them ({@code radixPrefixes}: {@code 0x} hex, leading
     * {@code 0} octal) or as the JDK does (all decimal; hex is then no address); empty when out of range.
     */
    private static Optional<InetAddress> reading(String[] parts, boolean radixPrefixes) {
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            int radix = 10;
            String digits = p;
            if (p.startsWith("0x")) {
                if (!radixPrefixes) {
                    return Optional.empty();
                }
                radix = 16;
                digits = p.substring(2);
            } else if (radixPrefixes && p.length() > 1 && p.startsWith("0")) {
                radix = 8;
                digits = p.substring(1);
            }
            if (digits.isEmpty()) {
                values[i] = 0; // "0x" alone: inet_aton reads it as 0
                continue;
            }
            if (digits.length() > 12) {
                return Optional.empty();
            }
            try {
                values[i] = Long.parseLong(digits, radix);
            } catch (NumberFormatException e) {
                return Optional.empty(); // e.g. 08 read as octal
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
            address = (address << 8) | values[i];
        }
        int lastBytes = 4 - (values.length - 1);
        long last = values[values.length - 1];
        if (last >= (1L << (8 * lastBytes))) {
            return Optional.empty();
        }
        address = (address << (8 * lastBytes)) | last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
