package io.hookrun.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.run.RunCursor;
import io.hookrun.core.run.RunQuery;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code nextToken} of {@code GET /admin/runs}: base64url (no padding) of a versioned JSON object holding the
 * filters of the list and the cursor ({@code {"v":1, ..., "c":createdAt, "i":id}}). Opaque to callers, and only valid
 * with the filters it was made for (ADR 0009): a token used with other filters would page a list it was not made
 * for, so it is refused rather than silently giving a wrong page. The cursor's instant is written in full
 * ({@link Instant#toString()}), so it reads back to exactly the value the run history returned.
 */
@Singleton
class RunPageToken {

    private static final int VERSION = 1;

    /** The token's fields; short names keep a token short (a URL carries it). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fields(int v, @Nullable String t, @Nullable String w, @Nullable String s, @Nullable String f,
                  @Nullable String u, String c, String i) {
    }

    private final JsonMapper json;

    RunPageToken(JsonMapper json) {
        this.json = json;
    }

    String write(RunQuery query, RunCursor next) {
        Fields fields = new Fields(VERSION, query.triggerId(), query.workflowId(),
                query.status() == null ? null : query.status().name(), text(query.from()), text(query.to()),
                next.createdAt().toString(), next.id().toString());
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The cursor in {@code token}.
     *
     * @throws InvalidPageTokenException when the token does not decode, or was made for other filters than
     *                                   {@code query}'s
     */
    RunCursor read(String token, RunQuery query) {
        Fields fields;
        try {
            fields = json.readValue(Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII)),
                    Fields.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidPageTokenException("the token does not decode");
        }
        if (fields == null || fields.v() != VERSION || fields.c() == null || fields.i() == null) {
            throw new InvalidPageTokenException("the token is not a run list token");
        }
        if (!Objects.equals(fields.t(), query.triggerId()) || !Objects.equals(fields.w(), query.workflowId())
                || !Objects.equals(fields.s(), query.status() == null ? null : query.status().name())
                || !Objects.equals(fields.f(), text(query.from())) || !Objects.equals(fields.u(), text(query.to()))) {
            throw new InvalidPageTokenException("the token was made for other filters");
        }
        try {
            return new RunCursor(Instant.parse(fields.c()), UUID.fromString(fields.i()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new InvalidPageTokenException("the token's position does not decode");
        }
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
