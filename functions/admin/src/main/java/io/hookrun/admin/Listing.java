package io.hookrun.admin;

import io.hookrun.core.page.Page;

/**
 * The answer to an admin list ({@code GET /admin/runs}, {@code /admin/workflows}, {@code /admin/triggers},
 * {@code /admin/workflows/{id}/versions}): one page, or a query the list cannot answer.
 *
 * @param <T> what the list holds
 */
public sealed interface Listing<T> {

    /** One page and, unless it is the last, the token of the next one. */
    record Found<T>(Page<T> page) implements Listing<T> {
    }

    /**
     * A query parameter has a value the list cannot use.
     *
     * @param problem names the parameter and what it may be; never quotes a page token
     */
    record InvalidQuery<T>(String problem) implements Listing<T> {
    }

    /** The list belongs to a resource that does not exist ({@code GET /admin/workflows/{id}/versions}). */
    record NotFound<T>(String id) implements Listing<T> {
    }
}
