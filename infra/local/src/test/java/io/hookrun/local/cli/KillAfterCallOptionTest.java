package io.hookrun.local.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ./hookrun local --kill-after-call <State>[:<times>]} and {@code --visibility-timeout}, as parsed. */
class KillAfterCallOptionTest {

    private static List<String> args(String... args) {
        return new ArrayList<>(List.of(args));
    }

    @Test
    void aStateWithoutTimes_isKilledOnce_andTheOptionIsConsumed() {
        List<String> args = args("--port", "0", "--kill-after-call", "Charge");

        assertThat(HookrunCli.kills(args)).isEqualTo(Map.of("Charge", 1));
        assertThat(args).containsExactly("--port", "0");
    }

    @Test
    void repeatedOptions_killEachStateTheirTimes() {
        assertThat(HookrunCli.kills(args("--kill-after-call", "Charge:2", "--kill-after-call", "Notify:1")))
                .containsExactly(Map.entry("Charge", 2), Map.entry("Notify", 1));
    }

    @Test
    void noOption_killsNothing() {
        assertThat(HookrunCli.kills(args("--pollers", "2"))).isEmpty();
    }

    @Test
    void badValues_areUsageErrors() {
        assertThatThrownBy(() -> HookrunCli.kills(args("--kill-after-call", ":2"))).hasMessageContaining("<StateName>[:<times>]");
        assertThatThrownBy(() -> HookrunCli.kills(args("--kill-after-call", "Charge:0"))).hasMessageContaining("1-100");
        assertThatThrownBy(() -> HookrunCli.kills(args("--kill-after-call", "Charge:x"))).hasMessageContaining("takes a number");
        assertThatThrownBy(() -> HookrunCli.kills(args("--kill-after-call"))).hasMessageContaining("needs a value");
    }

    @Test
    void visibilityTimeouts_areReadByQueue_andConsumed() {
        List<String> args = args("--visibility-timeout", "StepsQueue=30", "--port", "0");

        assertThat(HookrunCli.visibilityTimeouts(args)).isEqualTo(Map.of("StepsQueue", 30));
        assertThat(args).containsExactly("--port", "0");
    }

    @Test
    void badVisibilityTimeouts_areUsageErrors() {
        assertThatThrownBy(() -> HookrunCli.visibilityTimeouts(args("--visibility-timeout", "30")))
                .hasMessageContaining("<QueueLogicalId>=<seconds>");
        assertThatThrownBy(() -> HookrunCli.visibilityTimeouts(args("--visibility-timeout", "StepsQueue=43201")))
                .hasMessageContaining("0-43200");
    }
}
