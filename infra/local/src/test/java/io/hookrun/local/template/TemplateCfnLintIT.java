package io.hookrun.local.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real SAM transform accepts template.yaml. cfn-lint runs AWS's own translator (aws-sam-translator) offline:
 * it is what refused the admin route while the HTTP API did not enable its IAM authorizer, as {@code sam deploy}
 * did. Skipped, with the reason, where cfn-lint is not installed; {@link TemplateSamRulesTest} checks the rules the
 * template relies on either way. {@code infra/bin/lint-template} runs the same check for .ci/run.
 */
class TemplateCfnLintIT {

    private static final Path TEMPLATE = Path.of("../../template.yaml").toAbsolutePath().normalize();
    private static final Path DATABASE_STACK = Path.of("../../infra/aws/database.yaml").toAbsolutePath().normalize();
    /** cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational. */
    private static final int ERRORS = 2;
    /** A guard, not a measurement: the transform takes about 3 s. */
    private static final long TIMEOUT_SECONDS = 120;

    private static Optional<Path> cfnLint;

    private record Run(int exitCode, String output) { }

    @BeforeAll
    static void findCfnLint() {
        cfnLint = candidates().filter(TemplateCfnLintIT::runs).findFirst();
    }

    /** Per test, so that each is reported skipped with the reason (an assumption in @BeforeAll reports no test). */
    @BeforeEach
    void requireCfnLint() {
        assumeTrue(cfnLint.isPresent(), "cfn-lint is not installed (pip install cfn-lint), so the real SAM transform is not run;"
                + " TemplateSamRulesTest checks the template's SAM rules without it");
    }

    @Test
    void templateYaml_passesTheSamTransformAndCfnLint_withoutErrors() throws Exception {
        Run run = lint(TEMPLATE);

        assertThat(run.exitCode() & ERRORS).as(run.output()).isZero();
        assertThat(run.exitCode()).as("cfn-lint ran to the end: " + run.output()).isIn(0, 4, 8, 12);
    }

    /** The optional database stack (Aurora Serverless v2, RDS Proxy, VPC) whose outputs feed template.yaml. */
    @Test
    void databaseStack_passesCfnLint_withoutErrors() throws Exception {
        Run run = lint(DATABASE_STACK);

        assertThat(run.exitCode() & ERRORS).as(run.output()).isZero();
        assertThat(run.exitCode()).as("cfn-lint ran to the end: " + run.output()).isIn(0, 4, 8, 12);
    }

    /** Not vacuous for that stack either: CloudFormation's schema refuses a proxy for an engine family it lacks. */
    @Test
    void databaseStackWithAWrongEngineFamily_isRefused(@TempDir Path dir) throws Exception {
        String text = Files.readString(DATABASE_STACK);
        String broken = text.replace("EngineFamily: POSTGRESQL", "EngineFamily: POSTGRES");
        assertThat(broken).isNotEqualTo(text);
        Path file = dir.resolve("database.yaml");
        Files.writeString(file, broken);

        Run run = lint(file);

        assertThat(run.exitCode() & ERRORS).as(run.output()).isNotZero();
        assertThat(run.output()).contains("E3030", "POSTGRES");
    }

    /** Proves the check is not vacuous: the deploy failure this test was written for is an error here. */
    @Test
    void templateWithoutTheIamAuthorizer_isRefusedByTheTransform(@TempDir Path dir) throws Exception {
        String text = Files.readString(TEMPLATE);
        String broken = text.replace("      Auth:\n        EnableIamAuthorizer: true\n", "");
        assertThat(broken).isNotEqualTo(text);
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, broken);

        Run run = lint(file);

        assertThat(run.exitCode() & ERRORS).as(run.output()).isNotZero();
        assertThat(run.output()).contains("E0001", "AdminFunction", "AWS_IAM");
    }

    /** Output goes to a file, so a long report cannot fill a pipe nobody reads while the guard waits. */
    private static Run lint(Path template) throws IOException, InterruptedException {
        Path output = Files.createTempFile("cfn-lint", ".txt");
        try {
            Process process = new ProcessBuilder(cfnLint.orElseThrow().toString(), "--", template.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cfn-lint did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Run(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** On PATH, then pip's --user folder, then any pyenv version, newest first (as infra/bin/lint-template). */
    private static Stream<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "cfn-lint"));
            }
        }
        Path home = Path.of(System.getProperty("user.home"));
        candidates.add(home.resolve(".local/bin/cfn-lint"));
        try (Stream<Path> versions = Files.list(home.resolve(".pyenv/versions"))) {
            versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin/cfn-lint")));
        } catch (IOException noPyenv) {
            // Nothing more to look at.
        }
        return candidates.stream().filter(Files::isExecutable);
    }

    /** A pyenv shim is executable yet may not run: only a cfn-lint that answers --version counts. */
    private static boolean runs(Path candidate) {
        try {
            Process process = new ProcessBuilder(candidate.toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
