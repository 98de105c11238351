package io.hookrun.asl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code text/event-stream} answer of Dify, read into its events. Dify writes each event as one {@code data:} line
 * holding a JSON object whose {@code event} field names it, sends {@code event: ping} lines without data as
 * keep-alives, and reports a failure after the stream opened as an {@code error} event with {@code status},
 * {@code code} and {@code message} while the HTTP status stays 200 (docs.dify.ai, "Consume Streaming Responses").
 * The fields are read as the WHATWG Server-Sent Events rules say (several {@code data:} lines of one event joined by
 * line feeds, a blank line ends an event, comments start with {@code :}), so a proxy that re-frames the stream does not
 * change what is read.
 */
final class DifyEventStream {

    /**
     * One event: its name (the JSON's {@code event} field, else the SSE {@code event:} field) and its JSON object.
     */
    record Event(String name, Map<String, Object> data) { }

    private DifyEventStream() {
    }

    /** The events of {@code text} that carry a JSON object; pings, comments and unparsable data are skipped. */
    static List<Event> parse(String text) {
        List<Event> events = new ArrayList<>();
        String eventField = null;
        StringBuilder data = null;
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                add(events, eventField, data);
                eventField = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                eventField = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        add(events, eventField, data); // a stream cut without its final blank line still delivers what it carried
        return events;
    }

    @SuppressWarnings("unchecked")
    private static void add(List<Event> events, String eventField, StringBuilder data) {
        if (data == null || data.isEmpty()) {
            return;
        }
        Object parsed;
        try {
            parsed = JsonValues.parse(data.toString());
        } catch (IllegalArgumentException e) {
            return; // a partial last line of a cut stream
        }
        if (parsed instanceof Map<?, ?> map) {
            Object name = map.get("event");
            events.add(new Event(name instanceof String s ? s : String.valueOf(eventField), (Map<String, Object>) map));
        }
    }
}
