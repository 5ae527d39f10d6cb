package org.siprec.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.siprec.api.catalog.AuditEvent;
import javax.sql.DataSource;
import org.siprec.api.catalog.ArchivedRecording;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.model.Participant;
import org.siprec.api.store.RecordingRecord;

/**
 * The tables of schema {@code store} (src/main/resources/db/store): every statement of the catalogue, in the SQL
 * subset of docs/database.md (runs unchanged on H2 in PostgreSQL mode and on PostgreSQL). Thread-safe: each method
 * takes a pooled connection of its own.
 */
final class CatalogDb {
    static final String SCHEMA = "store";
    static final String INTERRUPTED = "interrupted";

    /** A file of an SRS recording as the catalogue has it; size -1 and sha256 null when never checked. */
    record FileRow(Path path, String kind, long size, String sha256) {
    }

    /** An SRS recording as the catalogue has it. */
    record SrsRow(String id, String state, String callId, String company, Instant start, Instant end,
            Long durationMs, String codecs, Long sizeBytes, List<String> parties, List<FileRow> files) {
    }

    /** A recording that retention may delete: which side, its company and when it ended. */
    record Candidate(String id, boolean srs, String company, Instant ended) {
    }

    private final DataSource db;

    CatalogDb(DataSource db) {
        this.db = db;
    }

    // ------------------------------------------------------------------ SRC side

    /** Saves an SRC recording session once; a second save of the same recording id is ignored (returns false). */
    boolean saveSrc(RecordingRecord r) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int inserted;
                String direction = r.sessionCase() == null ? null : r.sessionCase().token();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO store.src_recordings (recording_id, call_id,"
                        + " srs, verdict, decision, start_time, stop_time, outcome, direction) VALUES (?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    s.setString(1, r.recordingId());
                    s.setString(2, r.callId());
                    s.setString(3, r.srsUri().orElse(null));
                    s.setString(4, verdict(r.decision()));
                    s.setString(5, r.decision());
                    s.setObject(6, time(r.start()));
                    s.setObject(7, time(r.stop()));
                    s.setString(8, r.outcome());
                    s.setString(9, direction);
                    inserted = s.executeUpdate();
                }
                if (inserted == 1 && direction != null) {
                    // the SRS's recording of this RS dialog, when its row came first and its SRS did not know it
                    try (PreparedStatement s = c.prepareStatement("UPDATE store.srs_recordings SET direction = ?"
                            + " WHERE call_id = ? AND direction IS NULL")) {
                        s.setString(1, direction);
                        s.setString(2, r.recordingId());
                        s.executeUpdate();
                    }
                }
                if (inserted == 1 && !r.participants().isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO store.src_recording_parties"
                            + " (recording_id, position, aor, number, name) VALUES (?, ?, ?, ?, ?)")) {
                        int i = 0;
                        for (Participant p : r.participants()) {
                            s.setString(1, r.recordingId());
                            s.setInt(2, i++);
                            s.setString(3, p.aor());
                            s.setString(4, Numbers.of(p.aor()));
                            s.setString(5, p.displayName());
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                }
                c.commit();
                return inserted == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** The first word of a decision summary ({@code RECORD (profile: ...)...}): RECORD, SKIP or ABSTAIN. */
    static String verdict(String decision) {
        String d = decision == null ? "" : decision.trim();
        int end = 0;
        while (end < d.length() && Character.isLetter(d.charAt(end))) {
            end++;
        }
        String v = d.substring(0, end).toUpperCase(Locale.ROOT);
        return v.isEmpty() ? "UNKNOWN" : v.length() > 16 ? v.substring(0, 16) : v;
    }

    /** Whether an SRC recording session with this id is in the catalogue. */
    boolean srcExists(String recordingId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM store.src_recordings WHERE recording_id = ?")) {
            s.setString(1, recordingId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ------------------------------------------------------------------ audit

    void audit(Instant time, String callId, String recordingId, String event, String detail, String actor)
            throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO"
                + " store.audit_events (event_time, call_id, recording_id, event, detail, actor) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, time(time));
            s.setString(2, callId);
            s.setString(3, recordingId);
            s.setString(4, cut(event, 64));
            s.setString(5, detail == null ? "" : detail);
            s.setString(6, cut(actor, 128));
            s.executeUpdate();
        }
    }

    /** Writes audit events of the SRC in one transaction, in their order. */
    void auditBatch(List<AuditWriter.Event> events, String actor) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO store.audit_events (event_time, call_id,"
                    + " recording_id, event, detail, actor) VALUES (?, ?, NULL, ?, ?, ?)")) {
                for (AuditWriter.Event e : events) {
                    s.setObject(1, time(e.time()));
                    s.setString(2, e.callId());
                    s.setString(3, cut(e.event(), 64));
                    s.setString(4, e.detail() == null ? "" : e.detail());
                    s.setString(5, actor);
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
    }

    /**
     * The audit trail of an SRS recording, oldest first: the events with its id (store, portal, shell), and the SRC's
     * events of the call it recorded (decision, recording started/paused/stopped ...), found through the SRC's
     * recording session whose RS dialog is the one the SRS recorded (the same Call-ID on both sides when the SRC
     * recorded to the embedded SRS).
     */
    List<AuditEvent> auditEvents(String recordingId) throws SQLException {
        List<AuditEvent> result = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT event_time, event,"
                + " detail, actor FROM store.audit_events WHERE recording_id = ? OR call_id IN (SELECT s.call_id FROM"
                + " store.src_recordings s JOIN store.srs_recordings r ON s.recording_id = r.call_id WHERE r.id = ?)"
                + " ORDER BY id")) {
            s.setString(1, recordingId);
            s.setString(2, recordingId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new AuditEvent(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return result;
    }

    /** One row of the audit trail as the shell shows it. */
    record AuditRow(Instant time, String callId, String recordingId, String event, String detail, String actor) {
    }

    /**
     * The latest {@code limit} audit events, oldest first, of a call (its A-leg Call-ID) and/or a recording, at or
     * after {@code since}; each filter is left out when null.
     */
    List<AuditRow> auditSearch(String callId, String recordingId, Instant since, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT event_time, call_id, recording_id, event, detail, actor FROM"
                + " store.audit_events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (callId != null) {
            sql.append(" AND call_id = ?");
            args.add(callId);
        }
        if (recordingId != null) {
            sql.append(" AND recording_id = ?");
            args.add(recordingId);
        }
        if (since != null) {
            sql.append(" AND event_time >= ?");
            args.add(time(since));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        List<AuditRow> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AuditRow(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        java.util.Collections.reverse(rows);
        return rows;
    }

    /** Audit events of a call or recording, oldest first, as {@code event: detail (actor)}. */
    List<String> auditTrail(String id) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT event, detail, actor"
                + " FROM store.audit_events WHERE call_id = ? OR recording_id = ? ORDER BY id")) {
            s.setString(1, id);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1) + ": " + rs.getString(2) + " (" + rs.getString(3) + ")");
                }
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ SRS side

    /** Inserts the row of a recording that started (state recording); nothing if it is already there. */
    void srsStarted(ArchivedRecording r, String company) throws SQLException {
        inTransaction(c -> {
            if (insertSrs(c, r, company) == 1) {
                insertChildren(c, r);
            }
        });
    }

    /** Completes the row of a recording that ended (creating it when its start was missed). */
    void srsEnded(ArchivedRecording r, String company) throws SQLException {
        inTransaction(c -> {
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE store.srs_recordings SET state = ?, end_time = ?,"
                    + " duration_ms = ?, codecs = ?, end_reason = ?, size_bytes = ?, company = COALESCE(?, company),"
                    + " session_ids = ?, updated_at = ?, direction = COALESCE(?, direction, (SELECT s.direction FROM"
                    + " store.src_recordings s WHERE s.recording_id = ?)) WHERE id = ?")) {
                s.setString(1, r.state());
                s.setObject(2, r.end() == null ? null : time(r.end()));
                setLong(s, 3, r.end() == null ? null : Duration.between(r.start(), r.end()).toMillis());
                s.setString(4, cut(r.codecs(), 255));
                s.setString(5, cut(r.endReason(), 255));
                setLong(s, 6, size(r));
                s.setString(7, company);
                s.setString(8, String.join(",", r.sessionIds()));
                s.setObject(9, time(Instant.now()));
                s.setString(10, cut(r.direction(), 16));
                s.setString(11, r.callId());
                s.setString(12, r.id());
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                insertSrs(c, r, company);
            } else {
                deleteChildren(c, r.id());
            }
            insertChildren(c, r);
        });
    }

    private static Long size(ArchivedRecording r) {
        long total = 0;
        for (ArchivedRecording.StoredFile f : r.files()) {
            if (f.size() < 0) {
                return null;
            }
            total += f.size();
        }
        return total;
    }

    private static int insertSrs(Connection c, ArchivedRecording r, String company) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO store.srs_recordings (id, call_id, session_ids, src,"
                + " company, direction, start_time, end_time, duration_ms, codecs, end_reason, size_bytes, state,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, COALESCE(?, (SELECT s.direction FROM store.src_recordings s"
                + " WHERE s.recording_id = ?)), ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, r.id());
            s.setString(2, r.callId());
            s.setString(3, String.join(",", r.sessionIds()));
            s.setString(4, cut(r.src(), 255));
            s.setString(5, company);
            s.setString(6, cut(r.direction(), 16));
            s.setString(7, r.callId());
            s.setObject(8, time(r.start()));
            s.setObject(9, r.end() == null ? null : time(r.end()));
            setLong(s, 10, r.end() == null ? null : Duration.between(r.start(), r.end()).toMillis());
            s.setString(11, cut(r.codecs(), 255));
            s.setString(12, cut(r.endReason(), 255));
            setLong(s, 13, r.end() == null ? null : size(r));
            s.setString(14, r.state());
            s.setObject(15, time(Instant.now()));
            return s.executeUpdate();
        }
    }

    private static void insertChildren(Connection c, ArchivedRecording r) throws SQLException {
        if (!r.participants().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO store.srs_recording_parties (recording_id,"
                    + " position, aor, number, name) VALUES (?, ?, ?, ?, ?)")) {
                int i = 0;
                for (ArchivedRecording.Party p : r.participants()) {
                    s.setString(1, r.id());
                    s.setInt(2, i++);
                    s.setString(3, cut(p.aor(), 1024));
                    s.setString(4, Numbers.of(p.aor()));
                    s.setString(5, cut(p.name(), 255));
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!r.files().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO store.srs_recording_files (recording_id,"
                    + " position, path, kind, size_bytes, sha256) VALUES (?, ?, ?, ?, ?, ?)")) {
                int i = 0;
                for (ArchivedRecording.StoredFile f : r.files()) {
                    s.setString(1, r.id());
                    s.setInt(2, i++);
                    s.setString(3, f.path().toAbsolutePath().toString());
                    s.setString(4, cut(f.kind(), 16));
                    setLong(s, 5, f.size() < 0 ? null : f.size());
                    s.setString(6, f.sha256());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!r.pauses().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO store.srs_recording_pauses (recording_id,"
                    + " position, start_time, end_time) VALUES (?, ?, ?, ?)")) {
                int i = 0;
                for (CatalogEntry.Pause p : r.pauses()) {
                    s.setString(1, r.id());
                    s.setInt(2, i++);
                    s.setObject(3, time(p.start()));
                    s.setObject(4, p.end() == null ? null : time(p.end()));
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    private static void deleteChildren(Connection c, String id) throws SQLException {
        for (String table : List.of("store.srs_recording_parties", "store.srs_recording_files",
                "store.srs_recording_pauses")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE recording_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
    }

    /**
     * Rows still in state recording when the store starts belong to recordings that never ended (the platform died):
     * each becomes {@code interrupted}, its files' sizes and SHA-256 taken as they are now (the WAV's header is
     * valid at every moment, so the file is playable up to the crash), its end the audio file's last change.
     * Returns the ids.
     */
    List<String> interruptUnfinished() throws SQLException {
        List<String> ids = new ArrayList<>();
        for (SrsRow row : srsRows("WHERE state = 'recording'", null)) {
            List<FileRow> checked = new ArrayList<>();
            Instant end = row.start();
            long total = 0;
            for (FileRow f : row.files()) {
                long size = -1;
                String sha = null;
                try {
                    if (Files.isRegularFile(f.path())) {
                        size = Files.size(f.path());
                        sha = Sha256.of(f.path());
                        total += size;
                        Instant changed = Files.getLastModifiedTime(f.path()).toInstant();
                        end = changed.isAfter(end) ? changed : end;
                    }
                } catch (IOException e) {
                    size = -1;
                    sha = null;
                }
                checked.add(new FileRow(f.path(), f.kind(), size, sha));
            }
            Instant ended = end;
            long bytes = total;
            inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE store.srs_recordings SET state = 'interrupted',"
                        + " end_time = ?, duration_ms = ?, size_bytes = ?, end_reason = ?, updated_at = ?"
                        + " WHERE id = ? AND state = 'recording'")) {
                    s.setObject(1, time(ended));
                    s.setLong(2, Duration.between(row.start(), ended).toMillis());
                    s.setLong(3, bytes);
                    s.setString(4, "interrupted: the platform stopped while recording");
                    s.setObject(5, time(Instant.now()));
                    s.setString(6, row.id());
                    if (s.executeUpdate() == 0) {
                        return;
                    }
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE store.srs_recording_files SET size_bytes = ?,"
                        + " sha256 = ? WHERE recording_id = ? AND path = ?")) {
                    for (FileRow f : checked) {
                        setLong(s, 1, f.size() < 0 ? null : f.size());
                        s.setString(2, f.sha256());
                        s.setString(3, row.id());
                        s.setString(4, f.path().toString());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            });
            ids.add(row.id());
        }
        return ids;
    }

    Optional<SrsRow> srs(String id) throws SQLException {
        List<SrsRow> rows = srsRows("WHERE id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Every SRS recording, oldest first. */
    List<SrsRow> allSrs() throws SQLException {
        return srsRows("", null);
    }

    private List<SrsRow> srsRows(String where, String param) throws SQLException {
        Map<String, SrsRow> rows = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT id, state, call_id, company, start_time, end_time,"
                    + " duration_ms, codecs, size_bytes FROM store.srs_recordings " + where + " ORDER BY start_time, id")) {
                if (param != null) {
                    s.setString(1, param);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), new SrsRow(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), instant(rs, 5), instant(rs, 6), getLong(rs, 7), rs.getString(8),
                                getLong(rs, 9), new ArrayList<>(), new ArrayList<>()));
                    }
                }
            }
            if (rows.isEmpty()) {
                return List.of();
            }
            String filter = where.isEmpty() ? "" : " WHERE recording_id IN (SELECT id FROM store.srs_recordings "
                    + where + ")";
            try (PreparedStatement s = c.prepareStatement("SELECT recording_id, path, kind, size_bytes, sha256 FROM"
                    + " store.srs_recording_files" + filter + " ORDER BY recording_id, position")) {
                if (param != null) {
                    s.setString(1, param);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        SrsRow row = rows.get(rs.getString(1));
                        if (row != null) {
                            Long size = getLong(rs, 4);
                            row.files().add(new FileRow(Path.of(rs.getString(2)), rs.getString(3),
                                    size == null ? -1 : size, trim(rs.getString(5))));
                        }
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT recording_id, aor, name FROM"
                    + " store.srs_recording_parties" + filter + " ORDER BY recording_id, position")) {
                if (param != null) {
                    s.setString(1, param);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        SrsRow row = rows.get(rs.getString(1));
                        if (row != null) {
                            String name = rs.getString(3);
                            row.parties().add(name == null ? rs.getString(2) : name + " <" + rs.getString(2) + ">");
                        }
                    }
                }
            }
        }
        return new ArrayList<>(rows.values());
    }

    // ------------------------------------------------------------------ legal hold

    /** Puts a recording on hold; false when it was already. */
    boolean hold(String id, String actor, String reason) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO store.legal_hold"
                + " (recording_id, since, actor, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, id);
            s.setObject(2, time(Instant.now()));
            s.setString(3, cut(actor, 128));
            s.setString(4, reason);
            return s.executeUpdate() == 1;
        }
    }

    /** Clears a recording's hold; false when it had none. */
    boolean clearHold(String id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM store.legal_hold WHERE recording_id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }

    boolean onHold(String id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM store.legal_hold WHERE recording_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ------------------------------------------------------------------ retention

    /**
     * Finished recordings (SRS side: not recording; SRC side: all) that ended before {@code before} and are not on
     * hold, oldest first. The caller applies each company's retention to them.
     */
    List<Candidate> endedBefore(Instant before) throws SQLException {
        List<Candidate> result = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT id, company, COALESCE(end_time, start_time) AS ended"
                    + " FROM store.srs_recordings WHERE state <> 'recording' AND COALESCE(end_time, start_time) < ?"
                    + " AND id NOT IN (SELECT recording_id FROM store.legal_hold) ORDER BY ended, id")) {
                s.setObject(1, time(before));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Candidate(rs.getString(1), true, rs.getString(2), instant(rs, 3)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT recording_id, stop_time FROM store.src_recordings"
                    + " WHERE stop_time < ? AND recording_id NOT IN (SELECT recording_id FROM store.legal_hold)"
                    + " ORDER BY stop_time, recording_id")) {
                s.setObject(1, time(before));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Candidate(rs.getString(1), false, null, instant(rs, 2)));
                    }
                }
            }
        }
        return result;
    }

    /**
     * Deletes a recording's rows, unless it was put on hold meanwhile (checked in the same transaction). Returns
     * whether it deleted.
     */
    boolean delete(Candidate candidate) throws SQLException {
        boolean[] deleted = {false};
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM store.legal_hold WHERE recording_id = ?")) {
                s.setString(1, candidate.id());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            List<String> statements = candidate.srs()
                    ? List.of("DELETE FROM store.srs_recording_parties WHERE recording_id = ?",
                            "DELETE FROM store.srs_recording_files WHERE recording_id = ?",
                            "DELETE FROM store.srs_recording_pauses WHERE recording_id = ?",
                            "DELETE FROM store.srs_recordings WHERE id = ?")
                    : List.of("DELETE FROM store.src_recording_parties WHERE recording_id = ?",
                            "DELETE FROM store.src_recordings WHERE recording_id = ?");
            int last = 0;
            for (String sql : statements) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, candidate.id());
                    last = s.executeUpdate();
                }
            }
            deleted[0] = last == 1;
        });
        return deleted[0];
    }

    // ------------------------------------------------------------------ helpers

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static OffsetDateTime time(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Long getLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
