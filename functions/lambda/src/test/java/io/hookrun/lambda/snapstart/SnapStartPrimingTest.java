package io.hookrun.lambda.snapstart;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The hook's contract: steps in order, a failing step logged and skipped, a failing restore never thrown. */
class SnapStartPrimingTest {

    private static final class Recording extends SnapStartPriming {
        final List<String> ran = new ArrayList<>();
        boolean restoreFails;

        @Override
        protected List<Step> steps() {
            return List.of(
                    new Step("first", () -> ran.add("first")),
                    new Step("broken", () -> {
                        throw new IllegalStateException("dependency down at deploy time");
                    }),
                    new Step("last", () -> ran.add("last")));
        }

        @Override
        protected void restore() {
            ran.add("restore");
            if (restoreFails) {
                throw new IllegalStateException("pool already closed");
            }
        }
    }

    @Test
    void beforeCheckpoint_runsEveryStepInOrder_andAFailingStepOnlyEndsItself() {
        Recording hook = new Recording();

        assertThatCode(() -> hook.beforeCheckpoint(null)).doesNotThrowAnyException();

        assertThat(hook.ran).containsExactly("first", "last");
        assertThat(hook.lastPriming()).extracting(SnapStartPriming.Outcome::step)
                .containsExactly("first", "broken", "last");
        assertThat(hook.lastPriming().get(1).failure())
                .isEqualTo("java.lang.IllegalStateException: dependency down at deploy time");
        assertThat(hook.lastPriming()).filteredOn(SnapStartPriming.Outcome::primed).hasSize(2);
    }

    @Test
    void afterRestore_runsTheRestore_andAFailingOneDoesNotFailTheInvocation() {
        Recording hook = new Recording();
        hook.restoreFails = true;

        assertThatCode(() -> hook.afterRestore(null)).doesNotThrowAnyException();

        assertThat(hook.ran).containsExactly("restore");
        assertThat(hook.restores()).isEqualTo(1);
    }

    /** NativePRNG re-reads /dev/urandom on every call; DRBG and SHA1PRNG replay the snapshot's state. */
    @Test
    void onlyNativePrngCountsAsSnapResilient() {
        assertThat(SnapStartPriming.isSnapResilient("NativePRNG")).isTrue();
        assertThat(SnapStartPriming.isSnapResilient("NativePRNGNonBlocking")).isTrue();
        assertThat(SnapStartPriming.isSnapResilient("DRBG")).isFalse();
        assertThat(SnapStartPriming.isSnapResilient("SHA1PRNG")).isFalse();
    }
}
