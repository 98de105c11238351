package io.hookrun.local.cloud;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The state option: off unless asked for (tests and {@code hookrun invoke} forget), kept by every other change. */
class LocalCloudOptionsStateTest {

    private static final Path TEMPLATE = Path.of("template.yaml");

    @Test
    void byDefault_nothingIsKept() {
        LocalCloudOptions options = LocalCloudOptions.of(TEMPLATE);

        assertThat(options.stateDirectory()).isNull();
        assertThat(options.freshState()).isFalse();
    }

    @Test
    void withStateDirectory_setsTheDirectoryAndFresh_andTheOtherOptionsKeepThem() {
        Path state = Path.of(".hookrun");

        LocalCloudOptions options = LocalCloudOptions.of(TEMPLATE).withStateDirectory(state, true).withHttpPort(0)
                .withQueuePollers(2).withDeliveryCopies(2).withAdminToken("t").withSecretsKeyFile(Path.of("k"))
                .withKilledInvocations("Charge", 1).withFunctionProperty("a", "b").withVisibilityTimeout("StepsQueue", 5)
                .withParameter("P", "v").withoutHttp().withoutQueuePolling().withoutPostgres().withFunctions("F")
                .withSqsFaultProxyFor("F");

        assertThat(options.stateDirectory()).isEqualTo(state);
        assertThat(options.freshState()).isTrue();
        assertThat(LocalCloudOptions.of(TEMPLATE).withStateDirectory(state, false).freshState()).isFalse();
    }
}
