package io.hookrun.core.run;

/** The twin keeps the contract the PostgreSQL store keeps; a fresh store per test. */
class InMemoryRunHistoryTest extends RunHistoryContract {

    private final InMemoryRunHistory history = new InMemoryRunHistory();

    @Override
    protected RunHistory history() {
        return history;
    }
}
