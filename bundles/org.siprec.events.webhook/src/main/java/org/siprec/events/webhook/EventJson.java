package org.siprec.events.webhook;

import java.util.Map;
import java.util.TreeMap;

/**
 * One recording event as a flat JSON object: {@code "event"} (the state, e.g. {@code STARTED}), {@code "topic"}
 * and every property of the event (strings, numbers, booleans; anything else as its string), keys sorted. Flat and
 * small enough not to need a JSON library in the bundle.
 */
final class EventJson {
    private EventJson() {
    }

    static String of(String topic, Map<String, ?> properties) {
        Map<String, Object> sorted = new TreeMap<>(properties);
        sorted.put("topic", topic);
        sorted.put("event", topic.substring(topic.lastIndexOf('/') + 1));
        StringBuilder b = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            string(b, e.getKey());
            b.append(':');
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else {
                string(b, String.valueOf(v));
            }
        }
        return b.append('}').toString();
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
