package io.hookrun.local.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hookrun export}: the files it writes, that no secret is among them, and that applying them changes nothing. */
class ExportCommandTest {

    private final FakeAdminApi api = new FakeAdminApi();

    ExportCommandTest() throws IOException {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void seed() throws IOException {
        for (String id : List.of("a-flow", "b-flow", "c-flow")) {
            api.workflows.put(id, new LinkedHashMap<>(Map.of("version", 2, "definition",
                    JsonOutput.parse(("{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Pass\", \"Result\": 1.5,"
                            + " \"End\": true}}}").getBytes()))));
        }
        api.workflows.put("old-flow", new LinkedHashMap<>(Map.of("version", 1, "retired", true, "definition", Map.of())));
        api.triggers.put("github-push", new LinkedHashMap<>(Map.of("workflowId", "a-flow", "enabled", false,
                "signature", Map.of("scheme", "github", "toleranceSeconds", 60),
                "event", Map.of("types", List.of("push"), "rateLimit", Map.of("perSecond", 2.5, "burst", 5)))));
        api.secrets.put("github-push", new ArrayList<>(List.of("gh-secret-value")));
        api.triggers.put("open", new LinkedHashMap<>(Map.of("workflowId", "b-flow", "enabled", true,
                "signature", Map.of("scheme", "none"))));
        api.maxPage = 2; // so that the lists take several pages
    }

    @Test
    void export_writesEveryResource_secretsLeftOut_andApplyingItChangesNothing(@TempDir Path dir) throws Exception {
        seed();

        CliRun export = CliRun.against(api, "export", dir.toString());
        api.requests.clear();
        CliRun apply = CliRun.against(api, "apply", dir.toString());

        assertThat(export.status()).as(export.err()).isZero();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted())
                    .containsExactly("triggers/github-push.json", "triggers/open.json", "workflows/a-flow.json",
                            "workflows/b-flow.json", "workflows/c-flow.json");
        }
        assertThat(export.err()).contains("workflow old-flow is retired: left out");
        assertThat(Files.readString(dir.resolve("triggers/github-push.json"))).isEqualTo("""
                {
                  "workflowId": "a-flow",
                  "enabled": false,
                  "signature": {
                    "scheme": "github",
                    "toleranceSeconds": 60
                  },
                  "event": {
                    "types": [
                      "push"
                    ],
                    "rateLimit": {
                      "perSecond": 2.5,
                      "burst": 5
                    }
                  },
                  "secretsFromEnv": [
                    "GITHUB_PUSH_WEBHOOK_SECRET"
                  ]
                }
                """);
        assertThat(Files.readString(dir.resolve("triggers/open.json"))).doesNotContain("secretsFromEnv");
        assertThat(Files.readString(dir.resolve("workflows/a-flow.json"))).startsWith("{\n  \"StartAt\": \"S\",");
        String everything = export.out() + export.err() + Files.readString(dir.resolve("triggers/github-push.json"));
        assertThat(everything).doesNotContain("gh-secret-value").doesNotContain("sec_1");

        assertThat(apply.status()).as(apply.err()).isZero();
        assertThat(apply.outLines()).allMatch(line -> line.startsWith("unchanged ")).hasSize(5);
        assertThat(api.writes()).isEmpty();
    }

    @Test
    void outputJson_listsTheFilesWritten(@TempDir Path dir) throws Exception {
        seed();

        CliRun export = CliRun.against(api, "export", dir.toString(), "--output", "json");

        assertThat(export.status()).as(export.err()).isZero();
        assertThat(export.outLines()).hasSize(1);
        assertThat(export.out()).contains("\"kind\":\"trigger\",\"id\":\"github-push\"",
                "\"secretsFromEnv\":[\"GITHUB_PUSH_WEBHOOK_SECRET\"]", "\"kind\":\"workflow\",\"id\":\"a-flow\"");
    }

    @Test
    void aYamlFileOfTheSameId_stopsTheExport_beforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        seed();
        Files.createDirectories(dir.resolve("workflows"));
        Files.writeString(dir.resolve("workflows/b-flow.yaml"), "StartAt: S\n");

        CliRun export = CliRun.against(api, "export", dir.toString());

        assertThat(export.status()).isEqualTo(1);
        assertThat(export.err()).contains("workflows/b-flow.yaml exists", "nothing was written");
        assertThat(dir.resolve("workflows/a-flow.json")).doesNotExist();
    }
}
