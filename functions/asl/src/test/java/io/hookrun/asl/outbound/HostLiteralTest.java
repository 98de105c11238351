package io.hookrun.asl.outbound;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HostLiteral}: every reading of a numeric host, without DNS. */
class HostLiteralTest {

    private static List<String> readings(String host) {
        return HostLiteral.addresses(host).orElseThrow().stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void decimalForms_readAsTheJdkReadsThem() {
        assertThat(readings("2130706433")).containsExactly("127.0.0.1");
        assertThat(readings("127.1")).containsExactly("127.0.0.1");
        assertThat(readings("169.254.43518")).containsExactly("169.254.169.254");
        assertThat(readings("127.0.0.1.")).containsExactly("127.0.0.1");
    }

    @Test
    void hexAndOctalForms_readAsInetAtonReadsThem() {
        assertThat(readings("0x7f.1")).containsExactly("127.0.0.1");
        assertThat(readings("0xa9.0xfe.0xa9.0xfe")).containsExactly("169.254.169.254");
        assertThat(readings("0x7f000001")).containsExactly("127.0.0.1");
    }

    @Test
    void leadingZeros_giveBothReadings_decimalForTheJdk_octalForTheCLibrary() {
        assertThat(readings("0177.0.0.1")).containsExactly("177.0.0.1", "127.0.0.1");
        assertThat(readings("010.0.0.1")).containsExactly("10.0.0.1", "8.0.0.1");
        assertThat(readings("08.0.0.1")).as("8 is no octal digit").containsExactly("8.0.0.1");
    }

    @Test
    void ipv6_bracketedWithAZone_isParsedWithoutTheZone() {
        assertThat(readings("[fe80::1%25eth0]")).containsExactly("fe80:0:0:0:0:0:0:1");
        assertThat(readings("[::1]")).containsExactly("0:0:0:0:0:0:0:1");
    }

    @Test
    void namesAreNoLiterals_andOutOfRangeNumbersAreNoAddress() {
        assertThat(HostLiteral.addresses("api.example.com")).isEqualTo(Optional.empty());
        assertThat(HostLiteral.addresses("1.2.3.4.5")).isEqualTo(Optional.empty());
        assertThat(HostLiteral.addresses("0xg")).isEqualTo(Optional.empty());
        assertThat(HostLiteral.addresses("4294967296")).contains(List.of());
        assertThat(HostLiteral.addresses("256.1.1.1")).contains(List.of());
    }
}
