package io.hookrun.asl.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link OutboundGuard} with a scripted resolver: no DNS, no network. */
class OutboundGuardTest {

    /** Names and what they resolve to; a name not here fails the test if it is resolved. */
    private static final Map<String, List<String>> DNS = Map.of(
            "api.example.com", List.of("93.184.215.14"),
            "rebound.example.com", List.of("93.184.215.14", "169.254.169.254"),
            "intranet.example.com", List.of("10.1.2.3"),
            "v6-internal.example.com", List.of("fd12:3456::1"),
            "localhost", List.of("127.0.0.1", "::1"));

    private final List<String> resolved = new ArrayList<>();

    private OutboundGuard guard(AllowList allow, boolean allowLoopback) {
        return new OutboundGuard(allow, allowLoopback, host -> {
            resolved.add(host);
            List<String> addresses = DNS.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> result = new ArrayList<>();
            for (String a : addresses) {
                result.add(InetAddress.getByName(a));
            }
            return result.toArray(InetAddress[]::new);
        });
    }

    private OutboundRefusedException refused(String url) {
        return catchThrowableOfType(OutboundRefusedException.class, () -> guard(AllowList.NONE, false).check(URI.create(url)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "http://169.254.169.254/latest/meta-data/ | link-local",
            "http://127.0.0.1:8080/                  | loopback",
            "http://127.255.255.254/                 | loopback",
            "http://10.0.0.1/                        | private",
            "http://172.16.0.1/                      | private",
            "http://172.31.255.255/                  | private",
            "http://192.168.1.1/                     | private",
            "http://100.64.0.1/                      | carrier-grade NAT",
            "http://100.100.100.200/                 | carrier-grade NAT",
            "http://224.0.0.1/                       | multicast",
            "http://0.0.0.0/                         | unspecified",
            "http://0/                               | unspecified",
            "http://255.255.255.255/                 | broadcast",
            "http://240.0.0.1/                       | reserved",
            "http://2130706433/                      | loopback",
            "http://2852039166/                      | link-local",
            "http://0177.0.0.1/                      | loopback",
            "http://0x7f000001/                      | loopback",
            "http://[::1]/                           | loopback",
            "http://[::]/                            | unspecified",
            "http://[fe80::1%25eth0]/                | link-local",
            "http://[fd00:ec2::254]/                 | unique-local",
            "http://[fc00::1]/                       | unique-local",
            "http://[ff02::1]/                       | multicast",
            "http://[fec0::1]/                       | site-local",
            "http://[::ffff:169.254.169.254]/        | link-local",
            "http://[::ffff:a9fe:a9fe]/              | link-local",
            "http://[::169.254.169.254]/             | link-local (IPv4-compatible)",
            "http://[64:ff9b::169.254.169.254]/      | link-local (NAT64)",
            "http://[64:ff9b::a00:1]/                | private (NAT64)",
            "http://[2002:a9fe:a9fe::1]/             | link-local (6to4)",
            "http://[2002:7f00:1::]/                 | loopback (6to4)",
            "http://[64:ff9b:1::1]/                  | local-use NAT64",
    })
    void internalAddressLiterals_areRefused_naming_theKind(String url, String kind) {
        OutboundRefusedException e = refused(url);

        assertThat(e).as(url).isNotNull();
        assertThat(e.getMessage()).contains(URI.create(url).getHost()).contains(kind + " address");
        assertThat(resolved).as("literals are never resolved").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.215.14/", "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
            "http://172.32.0.1/", "http://100.128.0.1/", "http://192.169.0.1/", "http://[2001:db8::1]/",
            "http://[::ffff:93.184.215.14]/", "http://[2002:5db8:d70e::1]/"})
    void publicAddressLiterals_pass(String url) {
        assertThatCode(() -> guard(AllowList.NONE, false).check(URI.create(url))).doesNotThrowAnyException();
        assertThat(resolved).isEmpty();
    }

    @Test
    void aNameResolvingToAPublicAddress_passes() {
        assertThatCode(() -> guard(AllowList.NONE, false).check(URI.create("https://api.example.com/v1?key=s3cret")))
                .doesNotThrowAnyException();
        assertThat(resolved).containsExactly("api.example.com");
    }

    @Test
    void aNameWithAnyInternalAddress_isRefused_namingTheAddressButNotTheQuery() {
        OutboundRefusedException e = refused("https://rebound.example.com/path?token=s3cret");

        assertThat(e.getMessage()).contains("rebound.example.com").contains("resolves to 169.254.169.254")
                .contains("link-local").doesNotContain("s3cret").doesNotContain("/path");
        assertThat(e.host()).isEqualTo("rebound.example.com");
    }

    @Test
    void aNameResolvingToAUniqueLocalIpv6Address_isRefused() {
        assertThat(refused("http://v6-internal.example.com/").getMessage()).contains("unique-local");
    }

    @Test
    void localhost_isRefused_unlessLoopbackIsAllowed() throws Exception {
        assertThat(refused("http://localhost:3000/").getMessage()).contains("loopback");

        guard(AllowList.NONE, true).check(URI.create("http://localhost:3000/"));
        guard(AllowList.NONE, true).check(URI.create("http://127.0.0.1:3000/"));
        guard(AllowList.NONE, true).check(URI.create("http://[::1]:3000/"));
    }

    @Test
    void allowingLoopback_stillRefusesEveryOtherInternalAddress() {
        OutboundGuard local = guard(AllowList.NONE, true);

        assertThatThrownBy(() -> local.check(URI.create("http://169.254.169.254/"))).isInstanceOf(OutboundRefusedException.class);
        assertThatThrownBy(() -> local.check(URI.create("http://0.0.0.0:3000/"))).isInstanceOf(OutboundRefusedException.class);
        assertThatThrownBy(() -> local.check(URI.create("http://10.0.0.1/"))).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void allowList_byHostName_skipsTheCheck_caseInsensitivelyAndWithATrailingDot() throws Exception {
        OutboundGuard guard = guard(AllowList.of(List.of("Intranet.Example.com")), false);

        guard.check(URI.create("http://intranet.example.com./"));
        guard.check(URI.create("http://INTRANET.example.com/"));
        assertThat(resolved).isEmpty();
        assertThatThrownBy(() -> guard.check(URI.create("http://10.1.2.3/"))).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void allowList_byAddressOrBlock_allowsThoseAddressesWhicheverNameLedThere() throws Exception {
        OutboundGuard guard = guard(AllowList.of(List.of("10.1.0.0/16", " ", "fd12:3456::/32", "192.168.7.7")), false);

        guard.check(URI.create("http://intranet.example.com/"));
        guard.check(URI.create("http://10.1.200.1/"));
        guard.check(URI.create("http://v6-internal.example.com/"));
        guard.check(URI.create("http://192.168.7.7/"));
        assertThatThrownBy(() -> guard.check(URI.create("http://10.2.0.1/"))).isInstanceOf(OutboundRefusedException.class);
        assertThatThrownBy(() -> guard.check(URI.create("http://192.168.7.8/"))).isInstanceOf(OutboundRefusedException.class);
        assertThatThrownBy(() -> guard.check(URI.create("http://169.254.169.254/"))).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void allowList_entryThatIsNoBlock_isRefusedAtStart() {
        assertThatThrownBy(() -> AllowList.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> AllowList.of(List.of("intranet/8"))).hasMessageContaining("intranet/8");
    }

    @Test
    void anUnknownName_failsAsTheCallWould_notAsARefusal() {
        assertThatThrownBy(() -> guard(AllowList.NONE, false).check(URI.create("http://nowhere.invalid/")))
                .isInstanceOf(UnknownHostException.class).isNotInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void aUrlWithoutAHostTheGuardCanRead_isRefused() {
        assertThat(refused("http://127.1/")).isNotNull();
        assertThat(refused("http://0x7f.1/")).isNotNull();
        assertThat(refused("http://169.254.43518/")).isNotNull();
    }

    @Test
    void aLiteralThatIsNoValidAddress_isRefused() {
        assertThat(refused("http://4294967296/").getMessage()).contains("not a valid");
    }
}
