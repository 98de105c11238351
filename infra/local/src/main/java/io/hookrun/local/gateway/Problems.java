package io.hookrun.local.gateway;

/** RFC 9457 problem documents for the answers the local gateway gives itself (the functions write their own). */
final class Problems {

    private static final String TYPE_BASE = "https://hookrun.dev/problems/";

    private Problems() {
    }

    static String json(int status, String title, String detail) {
        String type = TYPE_BASE + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return "{\"type\":\"" + escape(type) + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
