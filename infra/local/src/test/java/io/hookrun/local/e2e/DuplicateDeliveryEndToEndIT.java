package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The workflow suite with every SQS batch handed to the step function three times: the same assertions hold, so
 * duplicate deliveries change no output, no order, no number of HTTP calls and no idempotency key.
 */
class DuplicateDeliveryEndToEndIT extends WorkflowSuite {

    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("e2e-token")
                .withDeliveryCopies(3));
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
