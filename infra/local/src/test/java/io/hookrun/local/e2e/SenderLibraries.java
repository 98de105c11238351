package io.hookrun.local.e2e;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The senders' own signing libraries, run by node: {@code standardwebhooks}, {@code @octokit/webhooks-methods} and
 * {@code stripe}, at the exact versions of {@code src/test/node/package-lock.json}, installed with {@code npm ci} into
 * {@code target/node-senders} (outside the tracked files; reinstalled only when the lock file changes).
 * {@code src/test/node/senders.mjs} signs and verifies with them; see its header for the tasks it takes.
 *
 * <p>Without node 20+ and npm, or when {@code npm ci} cannot reach a registry, the tests that need them are skipped
 * (a JUnit assumption), saying why: they prove compatibility with code hookrun does not own and cannot vendor.
 */
final class SenderLibraries {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Path SOURCES = Path.of("src/test/node");
    private static final Path INSTALL = Path.of("target/node-senders");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "senders.mjs");

    private final Path directory;

    private SenderLibraries(Path directory) {
        this.directory = directory;
    }

    /** The libraries, installed if needed; skips the calling test class when node or npm is missing or npm fails. */
    static SenderLibraries installOrSkip() throws IOException, InterruptedException {
        Result node = run(List.of("node", "--version"), null, Path.of("."), 30);
        Assumptions.assumeTrue(node.status() == 0, "node is not installed (" + node.output().strip() + "): the senders'"
                + " libraries test needs node 20+ and npm");
        int major = Integer.parseInt(node.output().strip().replaceFirst("^v(\\d+).*", "$1"));
        Assumptions.assumeTrue(major >= 20, "node " + node.output().strip() + " is too old: stripe and"
                + " @octokit/webhooks-methods need node 20+");
        Result npm = run(List.of("npm", "--version"), null, Path.of("."), 30);
        Assumptions.assumeTrue(npm.status() == 0, "npm is not installed: the senders' libraries test needs it");

        Files.createDirectories(INSTALL);
        Path installedLock = INSTALL.resolve("node_modules/.hookrun-installed-lock.json");
        boolean upToDate = Files.isRegularFile(installedLock)
                && Arrays.equals(Files.readAllBytes(installedLock), Files.readAllBytes(SOURCES.resolve("package-lock.json")));
        for (String file : FILES) {
            Files.copy(SOURCES.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!upToDate) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), null, INSTALL, 300);
            Assumptions.assumeTrue(install.status() == 0, "npm ci of the senders' libraries failed (offline? no"
                    + " registry?), so they cannot be tested:\n" + tail(install.output()));
            Files.copy(SOURCES.resolve("package-lock.json"), installedLock, StandardCopyOption.REPLACE_EXISTING);
        }
        return new SenderLibraries(INSTALL);
    }

    /** Runs the tasks in one node process; one result per task, in order (see senders.mjs). */
    List<Map<String, Object>> run(List<Map<String, Object>> tasks) {
        try {
            Result result = run(List.of("node", "senders.mjs"), JSON.writeValueAsBytes(tasks), directory, 120);
            if (result.status() != 0) {
                throw new IllegalStateException("senders.mjs failed (exit " + result.status() + "):\n" + tail(result.output()));
            }
            return JSON.readValue(result.output().getBytes(StandardCharsets.UTF_8),
                    Argument.listOf(Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The headers the sender's library puts on a request: one {@code sign} task. */
    @SuppressWarnings("unchecked")
    Map<String, String> sign(Map<String, Object> task) {
        Map<String, Object> withOp = new HashMap<>(task);
        withOp.put("op", "sign");
        return (Map<String, String>) run(List.of(withOp)).getFirst().get("headers");
    }

    /** What the library's own verifier says of a request: null when it verifies, else its error. */
    String verificationError(String sender, String secret, Map<String, String> headers, String body) {
        Map<String, Object> result = run(List.of(Map.of("op", "verify", "sender", sender, "secret", secret,
                "headers", headers, "body", body))).getFirst();
        return Boolean.TRUE.equals(result.get("verified")) ? null : String.valueOf(result.get("error"));
    }

    /** The installed versions of the three libraries and of node. */
    @SuppressWarnings("unchecked")
    Map<String, String> versions() {
        return (Map<String, String>) run(List.of(Map.of("op", "versions"))).getFirst().get("versions");
    }

    private record Result(int status, String output) {
    }

    /** Runs a command; stdout (and stderr, when it fails) as text. A command that is not there is status 127. */
    private static Result run(List<String> command, byte[] stdin, Path directory, int timeoutSeconds)
            throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile()).start();
        } catch (IOException notFound) {
            return new Result(127, notFound.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process, false));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process, true));
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(124, String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
        }
        String stdout = new String(out.join(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), process.exitValue() == 0 ? stdout
                : stdout + new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(Process process, boolean errors) {
        try (var stream = errors ? process.getErrorStream() : process.getInputStream()) {
            return stream.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
