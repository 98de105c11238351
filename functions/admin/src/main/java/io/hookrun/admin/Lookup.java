package io.hookrun.admin;

import java.util.Optional;

/**
 * The answer to "show the resource with this id" ({@code GET /admin/workflows/{id}}, {@code GET
 * /admin/triggers/{id}}): it exists, or it does not.
 *
 * @param <T> the resource
 */
public sealed interface Lookup<T> {

    /** The resource exists. */
    record Found<T>(T value) implements Lookup<T> {
    }

    /** No resource has {@code id}. */
    record NotFound<T>(String id) implements Lookup<T> {
    }

    /** {@link Found} when {@code value} holds one, else {@link NotFound}. */
    static <T> Lookup<T> of(String id, Optional<T> value) {
        return value.<Lookup<T>>map(Found::new).orElseGet(() -> new NotFound<>(id));
    }
}
