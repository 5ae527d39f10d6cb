package org.siprec.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.model.SessionCase;
import org.siprec.api.ops.CallSummary;
import org.siprec.api.ops.PolicyExplanation;
import org.siprec.api.ops.PolicyExplanation.PolicyOutcome;
import org.siprec.api.ops.PolicyStatistics;
import org.siprec.api.ops.SrsGroupMonitor.SrsStatus;
import org.siprec.api.policy.Decision;

/** Formatting of the {@code siprec:*} command output, kept apart from the commands so that it can be unit tested. */
final class Tables {
    static final String NO_ACTIVE_CALLS = "No active calls";
    static final String MEDIA_NOT_AVAILABLE = "not available";
    static final String NO_POLICIES = "No recording policy installed: no call is recorded";
    static final String NO_SRS = "No SRS configured (srs.uris in etc/org.siprec.srs.sip.cfg)";

    private Tables() {
    }

    /**
     * One row per live call: Call-ID, caller, callee, state, duration, recording state and SRS; a call with several
     * recordings gets one row per recording, each as {@code STATE (group recording-id)} with its SRS.
     */
    static ShellTable calls(List<CallSummary> calls) {
        ShellTable table = new ShellTable().emptyTableText(NO_ACTIVE_CALLS);
        table.column("Call-ID");
        table.column("Caller");
        table.column("Callee");
        table.column("State");
        table.column("Duration").alignRight();
        table.column("Recording");
        table.column("SRS");
        for (CallSummary call : calls) {
            List<org.siprec.api.ops.RecordingSummary> recordings = call.recordings();
            if (recordings.size() < 2) {
                table.addRow().addContent(call.callId(), orDash(call.caller()), orDash(call.callee()),
                        orDash(call.state()), duration(call.duration()), orDash(call.recording()), orDash(call.srs()));
                continue;
            }
            // several recordings: one line each, the call's cells on the first only
            for (int i = 0; i < recordings.size(); i++) {
                org.siprec.api.ops.RecordingSummary r = recordings.get(i);
                String recording = r.state() + " (" + r.srsGroup() + (r.recordingId() != null ? " " + r.recordingId() : "") + ")";
                if (i == 0) {
                    table.addRow().addContent(call.callId(), orDash(call.caller()), orDash(call.callee()),
                            orDash(call.state()), duration(call.duration()), recording, orDash(r.srs()));
                } else {
                    table.addRow().addContent("", "", "", "", "", recording, orDash(r.srs()));
                }
            }
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

    /**
     * One row per installed policy, in the order they are asked: name, ranking, configuration ({@code key=value}, one
     * per line), evaluations, answers by verdict, errors, timeouts, mean and max answer time.
     */
    static ShellTable policies(List<PolicyStatistics> policies) {
        ShellTable table = new ShellTable().emptyTableText(NO_POLICIES);
        table.column("Policy");
        table.column("Ranking").alignRight();
        table.column("Configuration");
        table.column("Evaluations").alignRight();
        table.column("Record").alignRight();
        table.column("Skip").alignRight();
        table.column("Abstain").alignRight();
        table.column("Errors").alignRight();
        table.column("Timeouts").alignRight();
        table.column("Mean ms").alignRight();
        table.column("Max ms").alignRight();
        for (PolicyStatistics p : policies) {
            String config = p.configuration().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            table.addRow().addContent(p.policy(), p.ranking(), config.isEmpty() ? "-" : config, p.evaluations(),
                    p.record(), p.skip(), p.abstain(), p.errors(), p.timeouts(), millis(p.meanTime()),
                    millis(p.maxTime()));
        }
        return table;
    }

    /**
     * One row per SRS of the group, in configuration order: URI, weight, health state, last OPTIONS round-trip time,
     * recording sessions selected, accepted, refused, unreachable and in progress, and the last error.
     */
    static ShellTable srs(List<SrsStatus> members) {
        ShellTable table = new ShellTable().emptyTableText(NO_SRS);
        table.column("SRS");
        table.column("Weight").alignRight();
        table.column("State");
        table.column("RTT ms").alignRight();
        table.column("Selected").alignRight();
        table.column("Accepted").alignRight();
        table.column("Refused").alignRight();
        table.column("Unreachable").alignRight();
        table.column("In progress").alignRight();
        table.column("Last error");
        for (SrsStatus m : members) {
            table.addRow().addContent(m.uri(), m.weight(), m.state(), m.lastRttMillis() < 0 ? "-" : m.lastRttMillis(),
                    m.selected(), m.accepted(), m.refused(), m.unreachable(), m.inProgress(), orDash(m.lastError()));
        }
        return table;
    }

    /** The combined decision, then each policy's verdict and reason in the order they were asked. */
    static String explanation(String from, String to, SessionCase sessionCase, Instant at, PolicyExplanation e) {
        StringBuilder b = new StringBuilder();
        Decision d = e.decision();
        b.append("Call from ").append(from).append(" to ").append(to).append(" (")
                .append(sessionCase == SessionCase.ORIGINATING ? "originating: the caller is served"
                        : "terminating: the callee is served")
                .append(") at ").append(at).append('\n');
        b.append("Decision: ").append(d.verdict() == Decision.Verdict.RECORD ? "RECORDED" : "NOT RECORDED");
        if (d.mandatory()) {
            b.append(", mandatory");
        }
        d.announcement().ifPresent(a -> b.append(", announcement ").append(a));
        d.maxDuration().ifPresent(limit -> b.append(", max-duration ").append(limit.toSeconds()).append(" s"));
        b.append(" - ").append(d.reason()).append('\n');
        ShellTable table = new ShellTable().emptyTableText(NO_POLICIES);
        table.column("Policy");
        table.column("Ranking").alignRight();
        table.column("Verdict");
        table.column("Reason");
        for (PolicyOutcome o : e.outcomes()) {
            String verdict = o.decision().verdict().name() + (o.decision().mandatory() ? " (mandatory)" : "")
                    + o.decision().maxDuration().map(limit -> " (max " + limit.toSeconds() + " s)").orElse("");
            String reason = o.failure() != null ? "counted as ABSTAIN: " + o.failure() : o.decision().reason();
            table.addRow().addContent(o.policy(), o.ranking(), verdict, reason);
        }
        return b + render(table);
    }

    /**
     * An ISO-8601 instant: with an offset ({@code 2026-03-29T09:30:00+02:00}, {@code ...Z}) or a zone
     * ({@code 2026-03-29T09:30:00+02:00[Europe/Paris]}).
     *
     * @throws IllegalArgumentException saying what is expected
     */
    static Instant instant(String text) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("--at '" + text + "' is not an ISO-8601 time with an offset or zone, "
                        + "e.g. 2026-03-29T09:30:00+02:00 or 2026-03-29T07:30:00Z");
            }
        }
    }

    /** What {@code siprec:pause} prints on success. */
    static String paused(String callId, Instant at) {
        return "Recording of call " + callId + " paused at " + at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + ": nothing is sent to the SRS until siprec:resume";
    }

    /** What {@code siprec:resume} prints on success. */
    static String resumed(String callId, Instant at) {
        return "Recording of call " + callId + " resumed at " + at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + ": the SRS accepted, media is sent to it again";
    }

    /** What {@code siprec:record start} prints on success. */
    static String recordingStarted(String callId, Instant at) {
        return "Recording of call " + callId + " started at " + at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + ": the SRS accepted, media is sent to it (decision: on demand)";
    }

    /** What {@code siprec:record start --srs-group} prints on success. */
    static String recordingStarted(String callId, String group, Instant at) {
        return "Recording of call " + callId + " to SRS group " + group + " started at "
                + at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + ": an SRS of the group accepted, media is sent to it";
    }

    /** What {@code siprec:record stop --recording} prints on success. */
    static String recordingStopped(String callId, String recordingId, Instant at) {
        return "Recording " + recordingId + " of call " + callId + " stopped at "
                + at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + ": its SRS got the BYE, the call and its other recordings go on";
    }

    /** What {@code siprec:record stop} prints on success. */
    static String recordingStopped(String callId, Instant at) {
        return "Recording of call " + callId + " stopped at " + at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + ": the SRS got the BYE, the call goes on unrecorded";
    }

    /** A refused pause or resume: {@code Error (REASON): message}. */
    static String controlError(org.siprec.api.ops.RecordingControlException e) {
        return "Error (" + e.reason() + "): " + e.getMessage();
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f", d.toNanos() / 1_000_000.0);
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
