package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflows the repository shows users still validate: the README walkthrough's {@code PUT /admin/workflows}
 * bodies, and the demo workflow the local end-to-end tests create. They are read from the files themselves, so that
 * an example edited later is checked as it then reads.
 */
class ExampleWorkflowsValidatorTest {

    /**
     * {@code curl ... -X PUT "$API/admin/workflows/<id>" ... -d '<json>'} in the README: the body is the shell's
     * single-quoted string, which cannot hold a single quote, so it ends at the next one.
     */
    private static final Pattern README_PUT = Pattern.compile(
            "-X PUT \"\\$API/admin/workflows/[^\"]+\"[^\\n]*-d '(\\{[^']*})'");

    @Test
    void readmeWorkflows_validate() throws IOException {
        String readme = Files.readString(repositoryRoot().resolve("README.md"));
        List<String> workflows = new ArrayList<>();
        Matcher matcher = README_PUT.matcher(readme);
        while (matcher.find()) {
            workflows.add(matcher.group(1));
        }

        assertThat(workflows).as("README workflow examples").isNotEmpty();
        for (String workflow : workflows) {
            assertThat(ValidatorFixture.valid(workflow).stateNames()).isNotEmpty();
        }
    }

    @Test
    void localEndToEndDemoWorkflow_validates() throws IOException {
        Path client = repositoryRoot().resolve("infra/local/src/test/java/io/hookrun/local/e2e/HookrunClient.java");
        String workflow = textBlockAfter(Files.readString(client), "String workflow = \"\"\"")
                .replace("%s", "http://127.0.0.1:3000").replace("%%", "%");

        assertThat(ValidatorFixture.valid(workflow).startAt()).isEqualTo("CheckUpstream");
    }

    /** The content of the Java text block that starts with {@code marker}, with its incidental indentation removed. */
    private static String textBlockAfter(String source, String marker) {
        int start = source.indexOf(marker);
        assertThat(start).as("text block %s", marker).isNotNegative();
        int from = source.indexOf('\n', start) + 1;
        int to = source.indexOf("\"\"\"", from);
        return source.substring(from, to).stripIndent();
    }

    /** The checkout's root: the first directory up from the module that holds README.md and functions/. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("functions")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
