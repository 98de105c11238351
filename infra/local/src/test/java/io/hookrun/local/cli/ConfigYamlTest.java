package io.hookrun.local.cli;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** YAML configuration read as JSON: only JSON's implicit types, so YAML 1.1's surprises do not change a workflow. */
class ConfigYamlTest {

    @Test
    void yaml11Surprises_stayStrings() {
        Object read = ConfigYaml.read("""
                a: on
                b: no
                c: 12:30
                d: 0755
                e: 2026-12-01
                f: 1_000
                g: .inf
                """);

        assertThat(read).isEqualTo(Map.of("a", "on", "b", "no", "c", "12:30", "d", "0755", "e", "2026-12-01",
                "f", "1_000", "g", ".inf"));
    }

    @Test
    void jsonTypes_areTyped() {
        Object read = ConfigYaml.read("""
                int: -42
                big: 123456789012345678901234
                float: 2.5e3
                yes: true
                nothing: null
                empty:
                list: [1, "two", {three: 3}]
                200: numeric key
                """);

        assertThat(read).isEqualTo(new java.util.LinkedHashMap<>(Map.of("int", -42, "big", new BigInteger("123456789012345678901234"),
                "float", 2500.0, "yes", true, "list", List.of(1, "two", Map.of("three", 3)), "200", "numeric key")) {{
                    put("nothing", null);
                    put("empty", null);
                }});
    }

    @Test
    void duplicateKeys_severalDocuments_emptyFiles_andJavaTags_areRefused() {
        assertThatThrownBy(() -> ConfigYaml.read("a: 1\na: 2\n")).hasMessageContaining("found duplicate key a");
        assertThatThrownBy(() -> ConfigYaml.read("a: 1\n---\nb: 2\n")).hasMessageContaining("more than one YAML document");
        assertThatThrownBy(() -> ConfigYaml.read("# nothing\n")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> ConfigYaml.read("!!javax.script.ScriptEngineManager [x]\n")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void suggestedVariable_isDerivedFromTheTriggerId() {
        assertThat(ConfigDirectory.suggestedVariable("github-push")).isEqualTo("GITHUB_PUSH_WEBHOOK_SECRET");
        assertThat(ConfigDirectory.suggestedVariable("3d.orders")).isEqualTo("HOOKRUN_3D_ORDERS_WEBHOOK_SECRET");
    }
}
