package io.hookrun.webhook;

import io.hookrun.webhook.RequestLimits.HeadersTooLarge;
import io.hookrun.webhook.RequestLimits.InvalidDeliveryId;
import io.hookrun.webhook.RequestLimits.MalformedTriggerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitsTest {

    private static final Map<String, String> HEADERS = Map.of("content-type", "application/json");

    @Test
    void anOrdinaryRequest_isWithinTheLimits() {
        assertThat(RequestLimits.checkRequest("/hooks/orders-2025.v1_a", "orders-2025.v1_a", HEADERS)).isEmpty();
    }

    @Test
    void aHeaderValueOf8KiB_isAccepted_andOneByteMoreIsNot() {
        assertThat(RequestLimits.checkRequest(null, "orders", Map.of("x-big", "a".repeat(8192)))).isEmpty();

        assertThat(RequestLimits.checkRequest(null, "orders", Map.of("x-big", "a".repeat(8192) + "\u00e9")))
                .contains(new HeadersTooLarge("x-big", 8194, 8192));
    }

    @Test
    void headersOver32KiBTogether_areRefused_evenWhenEachIsSmall() {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            headers.put("x-h" + i, "a".repeat(8000));
        }

        assertThat(RequestLimits.checkRequest(null, "orders", headers)).containsInstanceOf(HeadersTooLarge.class)
                .hasValueSatisfying(v -> assertThat(((HeadersTooLarge) v).header()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "-orders", "_x", "a/b", "a%2Fb", "orders ", "ord\u00e9rs", "a\u0000"})
    void aTriggerIdTheAdminApiWouldRefuse_isMalformed(String id) {
        assertThat(RequestLimits.checkRequest(null, id, HEADERS)).contains(new MalformedTriggerId(id));
    }

    @Test
    void aTriggerIdOf128Characters_isAccepted_and129AreNot() {
        assertThat(RequestLimits.checkRequest(null, "a".repeat(128), HEADERS)).isEmpty();
        assertThat(RequestLimits.checkRequest(null, "a".repeat(129), HEADERS)).containsInstanceOf(MalformedTriggerId.class);
        assertThat(RequestLimits.checkRequest(null, "a".repeat(3000), HEADERS)).containsInstanceOf(MalformedTriggerId.class);
    }

    @Test
    void noTriggerId_isMalformed() {
        assertThat(RequestLimits.checkRequest("/hooks/", null, HEADERS)).contains(new MalformedTriggerId(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hooks/%6Frders", "/hooks/x%2Forders", "/hooks/orders/", "/hooks/orders/.."})
    void aPathThatOnlyNamesTheTriggerOnceDecoded_isMalformed(String rawPath) {
        assertThat(RequestLimits.checkRequest(rawPath, "orders", HEADERS)).contains(new MalformedTriggerId("orders"));
    }

    @Test
    void aDeliveryIdOf256PrintableAsciiCharacters_isAccepted() {
        assertThat(RequestLimits.checkDeliveryId("!~" + "a".repeat(254))).isEmpty();
        assertThat(RequestLimits.checkDeliveryId("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "tab\there", "caf\u00e9", "nul\u0000", "del\u007f"})
    void aDeliveryIdWithOtherCharacters_isInvalid(String id) {
        assertThat(RequestLimits.checkDeliveryId(id)).containsInstanceOf(InvalidDeliveryId.class);
    }

    @Test
    void aDeliveryIdOf257Characters_isInvalid() {
        assertThat(RequestLimits.checkDeliveryId("a".repeat(257))).containsInstanceOf(InvalidDeliveryId.class);
    }
}
