package org.siprec.store.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code siprec:audit [--call <Call-ID>] [--recording <id>] [--since <when>] [--limit N]}: the audit trail (decisions,
 * announcements, recording start/pause/resume/stop/failure/move with who asked, portal and shell actions), the latest
 * events oldest first.
 */
@Service
@Command(scope = "siprec", name = "audit", description = "Shows the audit trail: decisions, announcements, recording"
        + " start/pause/resume/stop/failure and who asked, portal and shell actions; latest events, oldest first")
public class AuditCommand implements Action {
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([smhd])");

    @Reference
    JdbcRecordingStore store;

    @Option(name = "--call", description = "only the events of this call (its A-leg Call-ID)")
    String call;

    @Option(name = "--recording", description = "only the events of this recording (SRS recording or SRC recording"
            + " session id)")
    String recording;

    @Option(name = "--since", description = "only events at or after: an instant (2026-12-03T08:00:00Z), a date"
            + " (2026-12-03, UTC) or a time ago (30m, 2h, 1d)")
    String since;

    @Option(name = "--limit", description = "at most this many events, the latest (1-10000, default 100)")
    int limit = 100;

    @Override
    public Object execute() throws Exception {
        Instant from;
        try {
            from = since == null ? null : since(since, Instant.now());
        } catch (IllegalArgumentException e) {
            System.out.println("Error: --since: " + e.getMessage());
            return null;
        }
        if (limit < 1 || limit > 10_000) {
            System.out.println("Error: --limit must be between 1 and 10000, got " + limit);
            return null;
        }
        List<CatalogDb.AuditRow> rows;
        try {
            rows = store.audit(call, recording, from, limit);
        } catch (SQLException e) {
            System.out.println("Error: the audit trail cannot be read now: " + e.getMessage());
            return null;
        }
        if (rows.isEmpty()) {
            System.out.println("No audit event" + (call == null && recording == null && from == null ? "" : " matches"));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Call");
        table.column("Recording");
        table.column("Event");
        table.column("Actor");
        table.column("Detail").maxSize(100).wrap();
        for (CatalogDb.AuditRow r : rows) {
            table.addRow().addContent(r.time(), nz(r.callId()), nz(r.recordingId()), r.event(), nz(r.actor()),
                    nz(r.detail()));
        }
        table.print(System.out);
        return null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** An instant, a date (its start, UTC) or a time ago ({@code 30m}, {@code 2h}, {@code 1d}) before {@code now}. */
    static Instant since(String text, Instant now) {
        String t = text.trim();
        Matcher ago = AGO.matcher(t.toLowerCase(Locale.ROOT));
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // not an instant: a date?
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an instant (2026-12-03T08:00:00Z), a date"
                    + " (2026-12-03) nor a time ago (30m, 2h, 1d)");
        }
    }
}
