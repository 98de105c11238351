package io.hookrun.local.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@code ./hookrun local} keeps what it remembers: {@code .hookrun/} next to the template.
 * <ul>
 *   <li>{@code dynamodb/}: DynamoDB Local's database ({@code -dbPath}, {@code -sharedDb}): workflows, triggers and their
 *   sealed secrets, delivery claims</li>
 *   <li>{@code sqs/}: ElasticMQ's queues and messages (H2)</li>
 *   <li>{@code postgres/}: the PostgreSQL data directory: runs and their states</li>
 *   <li>{@code secrets.key}, {@code callback.key}: the keys that seal trigger secrets and sign task tokens: the data
 *   above is unreadable without them, so they are kept by {@code --fresh} and never replaced while data exists</li>
 *   <li>{@code local.lock}: held by the running stack ({@link StackLock}); {@code local.json}: where it listens</li>
 * </ul>
 *
 * @param root the {@code .hookrun} directory
 */
public record StateDirectory(Path root) {

    public static final String SECRETS_KEY = "secrets.key";
    public static final String CALLBACK_KEY = "callback.key";
    public static final String LOCK = "local.lock";
    public static final String STACK_FILE = "local.json";

    public StateDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** The state of the stack started from {@code template}: {@code .hookrun} in the template's directory. */
    public static StateDirectory next(Path template) {
        return new StateDirectory(template.toAbsolutePath().getParent().resolve(".hookrun"));
    }

    public Path dynamoDb() {
        return root.resolve("dynamodb");
    }

    public Path sqs() {
        return root.resolve("sqs");
    }

    public Path postgres() {
        return root.resolve("postgres");
    }

    public Path lockFile() {
        return root.resolve(LOCK);
    }

    public Path stackFile() {
        return root.resolve(STACK_FILE);
    }

    /** The three data directories, whether they exist or not. */
    public List<Path> dataDirectories() {
        return List.of(dynamoDb(), sqs(), postgres());
    }

    /** Whether any data directory holds something: a stack ran here before. */
    public boolean holdsData() throws IOException {
        for (Path directory : dataDirectories()) {
            if (Files.isDirectory(directory)) {
                try (Stream<Path> entries = Files.list(directory)) {
                    if (entries.findAny().isPresent()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Deletes the data directories ({@code --fresh}); the keys, the lock and {@code connections.json} stay. Call it only
     * while holding the lock. Returns the directories that were there.
     */
    public List<Path> deleteData() throws IOException {
        List<Path> deleted = new ArrayList<>();
        for (Path directory : dataDirectories()) {
            if (Files.exists(directory)) {
                try (Stream<Path> tree = Files.walk(directory)) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
                deleted.add(directory);
            }
        }
        return deleted;
    }

    /**
     * Fails when data is there but a key that opens it is not: a new key would make every stored trigger's secrets,
     * and every task token already handed out, unreadable, so no key is generated over existing data.
     */
    public void requireKeysForData(Path secretsKey, Path callbackKey) throws IOException {
        if (!holdsData()) {
            return;
        }
        for (Path key : List.of(secretsKey, callbackKey)) {
            if (!Files.exists(key)) {
                throw new IllegalStateException(key + " is missing, but " + root + " holds the data of an earlier stack,"
                        + " sealed with that key: put the key back (from a backup of " + root + "), or start afresh with"
                        + " ./hookrun local --fresh (deletes the workflows, triggers, runs and queued messages)");
            }
        }
    }

    /**
     * Deletes {@code local.json} if it is there: called while holding the lock, so no stack of this checkout runs and
     * the file was left by one that was killed. Returns whether there was one.
     */
    public boolean deleteStaleStackFile() throws IOException {
        return Files.deleteIfExists(stackFile());
    }
}
