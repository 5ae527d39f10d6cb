package org.siprec.ops.health;

import java.util.List;
import org.siprec.api.health.HealthResult.Status;

/**
 * The outcome of running the health checks of one probe ({@code live}, {@code ready}, or all).
 *
 * @param probe  {@code live}, {@code ready} or {@code all}
 * @param checks each check's outcome, by name
 */
public record HealthReport(String probe, List<Outcome> checks) {
    public HealthReport {
        checks = List.copyOf(checks);
    }

    /** The part of this report that counts for {@code probe} (from a report of every check). */
    public HealthReport select(String probe) {
        return new HealthReport(probe, checks.stream().filter(o -> o.tags().contains(probe)).toList());
    }

    /** The worst status of the checks ({@code OK} when there are none). */
    public Status status() {
        return checks.stream().map(Outcome::status).max(Enum::compareTo).orElse(Status.OK);
    }

    /** {@code true} unless a check is CRITICAL: WARN is worth a look but still up. */
    public boolean up() {
        return status() != Status.CRITICAL;
    }

    /** The names of the CRITICAL checks. */
    public List<String> failing() {
        return checks.stream().filter(o -> o.status() == Status.CRITICAL).map(Outcome::name).toList();
    }

    /** {@code {"probe":..,"status":"UP"|"DOWN","failing":[..],"checks":[{"name","tags","status","message","millis"}]}}. */
    public String toJson() {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"probe\":").append(quote(probe)).append(",\"status\":").append(quote(up() ? "UP" : "DOWN"))
                .append(",\"failing\":[");
        List<String> failing = failing();
        for (int i = 0; i < failing.size(); i++) {
            b.append(i > 0 ? "," : "").append(quote(failing.get(i)));
        }
        b.append("],\"checks\":[");
        for (int i = 0; i < checks.size(); i++) {
            Outcome o = checks.get(i);
            b.append(i > 0 ? "," : "").append("{\"name\":").append(quote(o.name())).append(",\"tags\":[");
            for (int t = 0; t < o.tags().size(); t++) {
                b.append(t > 0 ? "," : "").append(quote(o.tags().get(t)));
            }
            b.append("],\"status\":").append(quote(o.status().name())).append(",\"message\":").append(quote(o.message()))
                    .append(",\"millis\":").append(o.millis()).append('}');
        }
        return b.append("]}").toString();
    }

    /** A JSON string literal (RFC 8259 escaping). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
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
        return b.append('"').toString();
    }

    /**
     * One check's outcome.
     *
     * @param millis how long it took
     */
    public record Outcome(String name, List<String> tags, Status status, String message, long millis) {
        public Outcome {
            tags = List.copyOf(tags);
        }
    }
}
