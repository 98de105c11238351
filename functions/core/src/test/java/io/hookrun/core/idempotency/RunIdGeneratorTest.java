package io.hookrun.core.idempotency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RunIdGeneratorTest {

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00.123Z");

    /** A clock that moves one millisecond forward every time it is read. */
    private static final class SteppingClock extends Clock {
        private final AtomicLong millis;

        SteppingClock(Instant start) {
            this.millis = new AtomicLong(start.toEpochMilli());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.getAndIncrement());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Random bits we choose, to check the version and variant survive every value. */
    private static final class FixedRandom extends SecureRandom {
        private final long value;

        FixedRandom(long value) {
            this.value = value;
        }

        @Override
        public long nextLong() {
            return value;
        }
    }

    /** Random values that only ever go down: if ids sorted by their random part, they would sort backwards. */
    private static final class DescendingRandom extends SecureRandom {
        private long next = Long.MAX_VALUE;

        @Override
        public long nextLong() {
            return next -= 0x0000_1234_5678_9ABCL;
        }
    }

    @Test
    void newRunId_hasVersion7AndTheRfc9562Variant() {
        RunIdGenerator ids = new RunIdGenerator(Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < 200; i++) {
            UUID id = ids.newRunId();
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @ParameterizedTest(name = "random bits {0}")
    @ValueSource(longs = {0L, -1L, 0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL})
    void newRunId_keepsVersionVariantAndTimeWhateverTheRandomBits(long randomBits) {
        UUID id = new RunIdGenerator(Clock.fixed(T0, ZoneOffset.UTC), new FixedRandom(randomBits)).newRunId();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(T0.toEpochMilli());
        assertThat(id.getMostSignificantBits() & 0x0FFFL).isEqualTo(randomBits & 0x0FFFL);
        assertThat(id.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL).isEqualTo(randomBits & 0x3FFF_FFFF_FFFF_FFFFL);
    }

    @Test
    void newRunId_startsWithTheClocksUnixMillisecondsAsHex() {
        UUID id = new RunIdGenerator(Clock.fixed(T0, ZoneOffset.UTC)).newRunId();

        String millisHex = String.format("%012x", T0.toEpochMilli());
        assertThat(id.toString().replace("-", "")).startsWith(millisHex);
    }

    @Test
    void newRunIds_fromASteppingClock_sortInCreationOrder() {
        RunIdGenerator ids = new RunIdGenerator(new SteppingClock(T0), new DescendingRandom());
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            created.add(ids.newRunId());
        }

        List<UUID> byText = new ArrayList<>(created);
        Collections.shuffle(byText, new Random(42));
        byText.sort(Comparator.comparing(UUID::toString)); // text order = byte order, as PostgreSQL sorts uuid
        List<UUID> byUuid = new ArrayList<>(created);
        Collections.shuffle(byUuid, new Random(7));
        Collections.sort(byUuid);

        assertThat(byText).containsExactlyElementsOf(created);
        assertThat(byUuid).containsExactlyElementsOf(created);
    }

    @Test
    void newRunIds_inTheSameMillisecond_areDistinct() {
        RunIdGenerator ids = new RunIdGenerator(Clock.fixed(T0, ZoneOffset.UTC));
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(ids.newRunId());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void newClaimToken_is128RandomBitsInHexAndNeverRepeats() {
        RunIdGenerator ids = new RunIdGenerator(Clock.fixed(T0, ZoneOffset.UTC));
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = ids.newClaimToken();
            assertThat(token).matches("[0-9a-f]{32}");
            tokens.add(token);
        }
        assertThat(tokens).hasSize(1000);
    }
}
