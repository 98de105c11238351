package io.hookrun.workflowstep;

import io.hookrun.core.json.JsonText;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a RETRIED step keeps for the next attempt of the same state visit, in its {@code retries} column:
 * {@code {"counts": [..], "firstSequence": n, "enteredAt": "..."}}.
 *
 * @param counts        per Retry rule of the state, the retries made so far (what {@code StepInput.retries} gets)
 * @param firstSequence the sequence of the visit's first attempt: with the run and frame it is the idempotency key of
 *                      the state's HTTP calls, the same for every Retry attempt of the visit
 * @param enteredAt     when the visit's first attempt started: {@code $states.context.State.EnteredTime} stays that
 *                      of the first attempt, as on Step Functions
 */
record RetryMemo(List<Integer> counts, int firstSequence, Instant enteredAt) {

    RetryMemo {
        counts = List.copyOf(counts);
    }

    /** {@code $states.context.State.RetryCount}: all retries of this visit, whichever rule made them. */
    int retryCount() {
        return counts.stream().mapToInt(Integer::intValue).sum();
    }

    String toJson(JsonText json) {
        Map<String, Object> memo = new LinkedHashMap<>();
        memo.put("counts", counts);
        memo.put("firstSequence", firstSequence);
        memo.put("enteredAt", enteredAt.toString());
        return json.write(memo);
    }

    /**
     * Reads a memo written by {@link #toJson}. A bare array of counts (the shape the run-history contract describes)
     * is read too, with the retried step's own sequence and start as the visit's.
     */
    static RetryMemo fromJson(JsonText json, String text, int retriedSequence, Instant retriedStartedAt) {
        Object parsed = text == null ? null : json.parse(text);
        if (parsed instanceof List<?> bare) {
            return new RetryMemo(counts(bare), retriedSequence, retriedStartedAt);
        }
        if (parsed instanceof Map<?, ?> memo) {
            Object first = memo.get("firstSequence");
            Object entered = memo.get("enteredAt");
            return new RetryMemo(counts(memo.get("counts") instanceof List<?> list ? list : List.of()),
                    first instanceof Number n ? n.intValue() : retriedSequence,
                    entered instanceof String s ? Instant.parse(s) : retriedStartedAt);
        }
        return new RetryMemo(List.of(), retriedSequence, retriedStartedAt);
    }

    private static List<Integer> counts(List<?> values) {
        List<Integer> counts = new ArrayList<>(values.size());
        for (Object value : values) {
            counts.add(value instanceof Number n ? n.intValue() : 0);
        }
        return counts;
    }
}
