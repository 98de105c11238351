package io.hookrun.asl.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts an outbound call may reach even though they are internal ({@code hookrun.outbound.allow-hosts}): host
 * names (matched case-insensitively, without a trailing dot), IP addresses, and CIDR blocks ({@code 10.1.0.0/16},
 * {@code fd00::/8}). An IP entry allows the address wherever it comes from: written in the URL, or resolved from a
 * name.
 */
public final class AllowList {

    /** An address block: the first {@code prefix} bits of {@code network}. */
    private record Block(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    public static final AllowList NONE = new AllowList(Set.of(), List.of());

    private final Set<String> hosts;
    private final List<Block> blocks;

    private AllowList(Set<String> hosts, List<Block> blocks) {
        this.hosts = hosts;
        this.blocks = blocks;
    }

    /**
     * Parses the entries; blank ones are skipped (an empty template parameter becomes one empty entry).
     *
     * @throws IllegalArgumentException for an entry with a {@code /} that is no CIDR block, naming it
     */
    public static AllowList of(Collection<String> entries) {
        Set<String> hosts = new HashSet<>();
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            Optional<List<InetAddress>> literal = HostLiteral.addresses(address);
            if (literal.isPresent() && literal.get().size() == 1) {
                InetAddress parsed = literal.get().getFirst();
                int bits = parsed.getAddress().length * 8;
                int prefix = slash < 0 ? bits : prefix(entry, entry.substring(slash + 1), bits);
                blocks.add(new Block(parsed.getAddress(), prefix));
            } else if (slash >= 0) {
                throw new IllegalArgumentException("hookrun.outbound.allow-hosts: '" + entry
                        + "' is neither a host name, an IP address nor a CIDR block");
            } else {
                hosts.add(normalized(entry));
            }
        }
        return new AllowList(Set.copyOf(hosts), List.copyOf(blocks));
    }

    private static int prefix(String entry, String text, int bits) {
        try {
            int prefix = Integer.parseInt(text);
            if (prefix >= 0 && prefix <= bits) {
                return prefix;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("hookrun.outbound.allow-hosts: '" + entry + "' has no valid prefix length (0-"
                + bits + ")");
    }

    boolean allowsHost(String host) {
        return hosts.contains(normalized(host));
    }

    boolean allowsAddress(InetAddress address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static String normalized(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") && lower.length() > 1 ? lower.substring(0, lower.length() - 1) : lower;
    }
}
