package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;


/** The end-to-end suite against the in-process stand-ins that {@code ./hookrun local} runs: no Docker needed. */
class LocalEndToEndIT extends EndToEndSuite {

    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0)
                .withAdminToken("e2e-token").withSqsFaultProxyFor("WebhookFunction"));
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
