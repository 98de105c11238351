package io.hookrun.core.run;

/** The twin cancels, re-opens and replays as PostgreSQL does; a fresh store per test. */
class InMemoryRunCancelTest extends RunCancelRedriveContract {

    private final InMemoryRunHistory history = new InMemoryRunHistory();

    @Override
    protected RunHistory history() {
        return history;
    }
}
