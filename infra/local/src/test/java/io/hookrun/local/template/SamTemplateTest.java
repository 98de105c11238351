package io.hookrun.local.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The template model reads what the runtime needs, Globals merged, from the local test template. */
class SamTemplateTest {

    static final Path TEST_TEMPLATE = Path.of("src/test/resources/local-test-template.yaml");
    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(TEST_TEMPLATE);
    }

    @Test
    void function_mergesGlobalsUnderItsOwnProperties() {
        SamTemplate.Function echo = template.functions().get("EchoFunction");
        SamTemplate.Function partial = template.functions().get("PartialBatchFunction");

        assertThat(echo.handler()).isEqualTo("io.hookrun.local.testfunctions.EchoHandler");
        assertThat(echo.timeoutSeconds()).isEqualTo(5);
        assertThat(partial.timeoutSeconds()).isEqualTo(3);
        assertThat(echo.memoryMb()).isEqualTo(256);
        assertThat(echo.codeUri()).isNull();
        assertThat(echo.environment()).containsKeys("TEST_TABLE_NAME", "TEST_GREETING", "TEST_QUEUE_ARN");
        assertThat(partial.environment()).containsKeys("TEST_TABLE_NAME", "TEST_NAME").doesNotContainKey("TEST_GREETING");
    }

    @Test
    void httpApiEvents_becomeRoutes_withMethodPathAndIamAuth() {
        assertThat(template.functions().get("EchoFunction").routes()).containsExactlyInAnyOrder(
                new SamTemplate.HttpRoute("POST", "/echo/{id}", false),
                new SamTemplate.HttpRoute("GET", "/files/{proxy+}", false),
                new SamTemplate.HttpRoute("GET", "/files/readme", false),
                new SamTemplate.HttpRoute("GET", "/boom", false),
                new SamTemplate.HttpRoute("ANY", "/admin/{proxy+}", true));
    }

    @Test
    void sqsEvents_becomeMappings_withBatchSizeAndReportBatchItemFailures() {
        SamTemplate.SqsMapping mapping = template.functions().get("ThrowingBatchFunction").queues().getFirst();

        assertThat(mapping.batchSize()).isEqualTo(5);
        assertThat(mapping.reportBatchItemFailures()).isTrue();
        assertThat(mapping.queueArn()).isEqualTo(Map.of("Fn::GetAtt", List.of("ThrowQueue", "Arn")));
    }

    @Test
    void queuesTablesAndParameters_areModelled() {
        SamTemplate.Queue work = template.queues().get("WorkQueue");
        SamTemplate.Table table = template.tables().get("TestTable");

        assertThat(work.visibilityTimeout()).isEqualTo(1);
        assertThat(work.messageRetentionPeriod()).isEqualTo(3600);
        assertThat(work.redrivePolicy()).containsEntry("maxReceiveCount", Map.of("Ref", "MaxReceives"));
        assertThat(template.queues().get("WorkDeadLetterQueue").redrivePolicy()).isEmpty();
        assertThat(table.ttlAttribute()).contains("expiresAt");
        assertThat(table.keySchema()).containsExactly(Map.of("AttributeName", "pk", "KeyType", "HASH"));
        assertThat(template.parameterList()).containsExactly(
                new SamTemplate.Parameter("Greeting", "String", "hello"),
                new SamTemplate.Parameter("MaxReceives", "Number", 2),
                new SamTemplate.Parameter("Unused", "String", null));
    }
}
