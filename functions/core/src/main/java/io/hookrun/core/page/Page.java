package io.hookrun.core.page;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One page of a list: its items and, when more follow, the opaque token that fetches the next page (absent on the
 * last page). Tokens are made and read by the store that listed; callers pass them back unchanged.
 */
public record Page<T>(List<T> items, @Nullable String nextToken) {

    public Page {
        items = List.copyOf(items);
    }
}
