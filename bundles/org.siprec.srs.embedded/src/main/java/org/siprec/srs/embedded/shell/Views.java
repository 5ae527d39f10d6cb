package org.siprec.srs.embedded.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.table.ShellTable;

/** Formatting of the recordings commands' output (kept apart so that it can be unit tested). */
final class Views {
    static final String NO_RECORDINGS = "No recordings";

    private Views() {
    }

    static ShellTable recordings(List<Map<String, Object>> entries) {
        ShellTable table = new ShellTable().emptyTableText(NO_RECORDINGS);
        table.column("Id");
        table.column("Start");
        table.column("Duration").alignRight();
        table.column("Participants");
        table.column("Codecs");
        table.column("State");
        for (Map<String, Object> e : entries) {
            table.addRow().addContent(text(e.get("id")), text(e.get("start")), duration(e.get("durationSeconds")),
                    participants(e.get("participants")), list(e.get("codecs")), text(e.get("state")));
        }
        return table;
    }

    static String recording(Map<String, Object> e, Path root, boolean withMetadata) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Id", e.get("id"));
        line(sb, "State", e.get("state"));
        line(sb, "Call-ID", e.get("callId"));
        line(sb, "Session-ID", list(e.get("sipSessionIds")));
        line(sb, "SRC", e.get("src"));
        line(sb, "Start", e.get("start"));
        line(sb, "Stop", e.get("stop"));
        line(sb, "Duration", duration(e.get("durationSeconds")));
        line(sb, "End reason", e.get("endReason"));
        line(sb, "Participants", participants(e.get("participants")));
        if (e.get("channels") instanceof List<?> channels) {
            for (Object o : channels) {
                if (o instanceof Map<?, ?> c) {
                    line(sb, "Channel " + text(c.get("channel")), "labels " + list(c.get("labels")) + ", " + list(c.get("participants")));
                }
            }
        }
        if (e.get("streams") instanceof List<?> streams) {
            for (Object o : streams) {
                if (o instanceof Map<?, ?> s) {
                    line(sb, "Stream " + text(s.get("label")), text(s.get("codec")) + " (PT " + text(s.get("payloadType")) + ")"
                            + (Boolean.TRUE.equals(s.get("raw")) ? " raw, stored as received in " + text(s.get("file"))
                                    : " -> channel " + text(s.get("channel")))
                            + ", " + text(s.get("packets")) + " packets");
                }
            }
        }
        line(sb, "WAV", e.get("wav") == null ? "-" : root.resolve(e.get("wav").toString()).toString());
        Object metadata = e.get("metadata");
        if (metadata instanceof List<?> files) {
            for (Object f : files) {
                line(sb, "Metadata", root.resolve(f.toString()).toString());
            }
            if (withMetadata && !files.isEmpty()) {
                Path last = root.resolve(files.get(files.size() - 1).toString());
                sb.append("\nLatest metadata (").append(last.getFileName()).append("):\n");
                try {
                    sb.append(Files.readString(last, StandardCharsets.UTF_8)).append('\n');
                } catch (IOException ex) {
                    sb.append("(cannot read: ").append(ex.getMessage()).append(")\n");
                }
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(String.format("%-14s %s%n", key, text(value)));
    }

    static String participants(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : list) {
            if (o instanceof Map<?, ?> p) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                Object name = p.get("name");
                Object aor = p.get("aor");
                sb.append(name == null ? text(aor) : name + " <" + text(aor) + ">");
            }
        }
        return sb.toString();
    }

    static String list(Object value) {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return "-";
            }
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(text(o));
            }
            return sb.toString();
        }
        return text(value);
    }

    /** {@code H:MM:SS}; absent as {@code -}. */
    static String duration(Object seconds) {
        if (!(seconds instanceof Number n)) {
            return "-";
        }
        long s = Math.round(n.doubleValue());
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static String text(Object o) {
        return o == null ? "-" : o.toString();
    }
}
