package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;


/**
 * The same end-to-end suite with LocalStack standing in for DynamoDB and SQS, where a Docker engine exists.
 * Without one, JUnit skips this class cleanly: it is extra evidence, never the only proof of anything.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackEndToEndIT extends EndToEndSuite {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
            .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS)
            .withEnv("SQS_ENDPOINT_STRATEGY", "path");

    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0)
                .withAdminToken("e2e-token").withSqsFaultProxyFor("WebhookFunction").withAwsEndpoint(LOCALSTACK.getEndpoint()));
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
