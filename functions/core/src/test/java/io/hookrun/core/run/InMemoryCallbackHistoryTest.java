package io.hookrun.core.run;

/** The twin keeps the callback contract the PostgreSQL store keeps; a fresh store per test. */
class InMemoryCallbackHistoryTest extends CallbackHistoryContract {

    private final InMemoryRunHistory history = new InMemoryRunHistory();

    @Override
    protected RunHistory history() {
        return history;
    }
}
