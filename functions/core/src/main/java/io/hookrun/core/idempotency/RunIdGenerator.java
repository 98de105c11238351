package io.hookrun.core.idempotency;

import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Mints run ids as UUIDv7 (RFC 9562): the first 48 bits are the Unix time in milliseconds, so ids sort by
 * creation and index well in PostgreSQL; the rest is random. Also mints the opaque claim tokens.
 */
@Singleton
public class RunIdGenerator {

    private final Clock clock;
    private final SecureRandom random;

    public RunIdGenerator(Clock clock) {
        this(clock, new SecureRandom());
    }

    RunIdGenerator(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public UUID newRunId() {
        long millis = clock.millis();
        long randomA = random.nextLong();
        long randomB = random.nextLong();
        long most = (millis << 16) | 0x7000L | (randomA & 0x0FFFL);
        long least = (randomB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    public String newClaimToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
