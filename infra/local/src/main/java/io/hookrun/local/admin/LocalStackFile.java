package io.hookrun.local.admin;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where a running {@code hookrun local} can be found: {@code .hookrun/local.json} next to its template (the repository
 * root, which {@code .gitignore} leaves out), written once everything listens and deleted when it stops. Commands
 * that talk to the running stack ({@code hookrun start}) read the HTTP API's address and the admin token from it, so
 * they work without flags whether the token was chosen or generated. The file is readable by its owner only: the
 * token opens the local admin API.
 *
 * @param api        the HTTP API's base URI
 * @param adminToken the bearer token of the {@code AWS_IAM} routes
 * @param pid        the process of {@code hookrun local}: a file left by a process that is gone is stale
 */
public record LocalStackFile(URI api, String adminToken, long pid) {

    public static final Path RELATIVE = Path.of(".hookrun", "local.json");
    private static final JsonMapper JSON = JsonMapper.createDefault();

    /** The file for a stack started from {@code template}: in the template's directory. */
    public static Path next(Path template) {
        Path dir = template.toAbsolutePath().getParent();
        return (dir == null ? Path.of("") : dir).resolve(RELATIVE);
    }

    /** Writes this file at {@code path}, readable by its owner only where the file system has POSIX permissions. */
    public void write(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            // another stack wrote it in between: this one, started last, takes it over
        }
        Files.write(path, JSON.writeValueAsBytes(Map.of("api", api.toString(), "adminToken", adminToken, "pid", pid)));
    }

    /** The file at {@code path}; empty when there is none. Fails with a clear message when it cannot be read. */
    public static Optional<LocalStackFile> read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        Map<String, Object> values = JSON.readValue(Files.readAllBytes(path), Argument.mapOf(String.class, Object.class));
        Object api = values.get("api");
        Object token = values.get("adminToken");
        Object pid = values.get("pid");
        if (api == null || token == null || !(pid instanceof Number number)) {
            throw new IOException(path + " is not a file hookrun local wrote (delete it and start hookrun local again)");
        }
        return Optional.of(new LocalStackFile(URI.create(api.toString()), token.toString(), number.longValue()));
    }

    /** Whether the process that wrote the file still runs. */
    public boolean writerAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Deletes the file at {@code path} if this process wrote it (another stack may have replaced it since). */
    public static void deleteIfOurs(Path path) {
        try {
            Optional<LocalStackFile> file = read(path);
            if (file.isPresent() && file.get().pid() == ProcessHandle.current().pid()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            // stopping: a stale file is detected by its dead pid anyway
        }
    }
}
