package org.siprec.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.table.ShellTable;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.ops.CallSummary;

/** Formatting of the {@code siprec:*} command output, kept apart from the commands so that it can be unit tested. */
final class Tables {
    static final String NO_ACTIVE_CALLS = "No active calls";
    static final String MEDIA_NOT_AVAILABLE = "not available";

    private Tables() {
    }

    /** One row per live call: Call-ID, caller, callee, state, duration. */
    static ShellTable calls(List<CallSummary> calls) {
        ShellTable table = new ShellTable().emptyTableText(NO_ACTIVE_CALLS);
        table.column("Call-ID");
        table.column("Caller");
        table.column("Callee");
        table.column("State");
        table.column("Duration").alignRight();
        for (CallSummary call : calls) {
            table.addRow().addContent(call.callId(), orDash(call.caller()), orDash(call.callee()),
                    orDash(call.state()), duration(call.duration()));
        }
        return table;
    }

    /**
     * The monitor's status entries in their given order, followed by the media mirror's address, open sessions
     * free ports and packets rejected from sources not accepted (unless the monitor reported them already), or a line saying that media is not available when no mirror is registered.
     */
    static ShellTable status(Map<String, String> status, MediaMirror mirror) {
        ShellTable table = new ShellTable();
        table.column("Property");
        table.column("Value");
        status.forEach((key, value) -> table.addRow().addContent(key, value == null ? "" : value));
        if (mirror == null) {
            table.addRow().addContent("media", MEDIA_NOT_AVAILABLE);
        } else {
            addUnlessPresent(table, status, "media.address", mirror.address());
            addUnlessPresent(table, status, "media.sessions.open", mirror.openSessions());
            addUnlessPresent(table, status, "media.ports.free", mirror.freePorts());
            addUnlessPresent(table, status, "media.packets.rejected", mirror.packetsRejected());
        }
        return table;
    }

    /** {@code H:MM:SS}, hours unbounded; negative or absent durations print as {@code -}. */
    static String duration(Duration d) {
        if (d == null || d.isNegative()) {
            return "-";
        }
        long s = d.getSeconds();
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Renders a table as the shell prints it, with header and separators (columns carry no ANSI attributes). */
    static String render(ShellTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            table.print(out, StandardCharsets.UTF_8, true);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The monitor may report media counters itself: each key is printed once. */
    private static void addUnlessPresent(ShellTable table, Map<String, String> status, String key, Object value) {
        if (!status.containsKey(key)) {
            table.addRow().addContent(key, value);
        }
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
