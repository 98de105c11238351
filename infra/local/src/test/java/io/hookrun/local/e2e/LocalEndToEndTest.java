package io.hookrun.local.e2e;

import io.hookrun.local.runtime.LocalCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;
import java.util.Set;

/** The end-to-end suite against the in-process stand-ins that {@code ./hookrun local} runs: no Docker needed. */
class LocalEndToEndTest extends EndToEndSuite {

    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(new LocalCloud.Options(EventFiles.TEMPLATE, 0, true, true, "e2e-token",
                Set.of("WebhookFunction"), Map.of(), null));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Override
    LocalCloud cloud() {
        return cloud;
    }
}
