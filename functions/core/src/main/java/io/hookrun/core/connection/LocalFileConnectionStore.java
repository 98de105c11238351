package io.hookrun.core.connection;

import io.hookrun.core.json.JsonText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Connections from a local JSON file ({@code hookrun.connections.file}; {@code ./hookrun local} uses
 * {@code .hookrun/connections.json}): one object, connection name to connection JSON ({@link ConnectionJson}).
 * The file is read again when its modification time or size changes, so a connection added while
 * {@code ./hookrun local} runs is used by the next Task. No file means no connections. For machines without Secrets
 * Manager only: whoever reads the file reads every secret in it.
 */
public final class LocalFileConnectionStore implements ConnectionStore {

    private final Path file;
    private final JsonText json;
    private volatile Snapshot snapshot = new Snapshot(null, -1, Map.of(), null);

    /** What the file held when last read; {@code problem} when it was not a JSON object. */
    private record Snapshot(FileTime modified, long size, Map<?, ?> connections, String problem) { }

    public LocalFileConnectionStore(Path file, JsonText json) {
        this.file = file;
        this.json = json;
    }

    @Override
    public Optional<Connection> find(String name) {
        Snapshot current = current(name);
        if (current.problem() != null) {
            throw ConnectionJson.malformed(name, current.problem());
        }
        Object value = current.connections().get(name);
        return value == null ? Optional.empty() : Optional.of(ConnectionJson.of(name, value));
    }

    private Snapshot current(String name) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Snapshot(null, -1, Map.of(), null);
        } catch (IOException e) {
            throw new ConnectionUnreadableException("connection '" + name + "': the connections file " + file
                    + " cannot be read", true, e);
        }
        Snapshot known = snapshot;
        if (attributes.lastModifiedTime().equals(known.modified()) && attributes.size() == known.size()) {
            return known;
        }
        Snapshot read = read(name, attributes);
        snapshot = read;
        return read;
    }

    private Snapshot read(String name, BasicFileAttributes attributes) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Snapshot(null, -1, Map.of(), null);
        } catch (IOException e) {
            throw new ConnectionUnreadableException("connection '" + name + "': the connections file " + file
                    + " cannot be read", true, e);
        }
        if (text.isBlank()) {
            return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Map.of(), null);
        }
        Object value;
        try {
            value = json.parse(text);
        } catch (RuntimeException e) {
            return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Map.of(),
                    "the connections file " + file + " is not JSON");
        }
        if (!(value instanceof Map<?, ?> connections)) {
            return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Map.of(),
                    "the connections file " + file + " must hold a JSON object of connections by name");
        }
        return new Snapshot(attributes.lastModifiedTime(), attributes.size(), connections, null);
    }
}
