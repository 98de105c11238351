package io.hookrun.core.connection;

import java.util.Optional;

/**
 * Where connections are looked up by name: Secrets Manager when deployed (cached for a bounded time and count),
 * a local file in {@code ./hookrun local}. A connection's values never reach run history, logs or responses.
 */
public interface ConnectionStore {

    /** A store with no connection: every lookup is empty. */
    ConnectionStore NONE = name -> Optional.empty();

    /**
     * The connection called {@code name}.
     *
     * @return empty when there is none by that name
     * @throws ConnectionUnreadableException when it exists but cannot be read or parsed (the message names the
     *                                       connection and the field, never a value)
     */
    Optional<Connection> find(String name);
}
