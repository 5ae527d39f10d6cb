package org.siprec.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingPage;
import org.siprec.api.catalog.RecordingSearch;
import org.siprec.api.catalog.StoredRecording;

/**
 * The read side of the catalogue for the portal ({@link org.siprec.api.catalog.RecordingQuery}): one SQL query with
 * the search's filters as bind parameters (never concatenated), counted and paged in the database, latest start first
 * (or as sorted), within the scope of what the one who asks may see;
 * then the parties, files and holds of just the recordings of the page. Plain SQL that H2 (PostgreSQL mode) and
 * PostgreSQL both run.
 */
final class CatalogSearch {
    private static final String COLUMNS = "r.id, r.state, r.call_id, r.company, r.direction, r.start_time,"
            + " r.end_time, r.duration_ms, r.codecs, r.end_reason, r.size_bytes";

    private final DataSource db;

    CatalogSearch(DataSource db) {
        this.db = db;
    }

    RecordingPage search(RecordingSearch q) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.party() != null && !q.party().isBlank()) {
            // a part of the number, the AOR or the name; LIKE's wildcards in the input are taken literally
            where.append(" AND EXISTS (SELECT 1 FROM store.srs_recording_parties p WHERE p.recording_id = r.id AND"
                    + " (LOWER(p.number) LIKE ? ESCAPE '!' OR LOWER(p.aor) LIKE ? ESCAPE '!'"
                    + " OR LOWER(p.name) LIKE ? ESCAPE '!'))");
            String like = "%" + q.party().trim().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            params.add(like);
            params.add(like);
            params.add(like);
        }
        if (q.company() != null && !q.company().isBlank()) {
            where.append(" AND r.company = ?");
            params.add(q.company());
        }
        if (q.from() != null) {
            where.append(" AND r.start_time >= ?");
            params.add(CatalogDb.time(q.from()));
        }
        if (q.to() != null) {
            where.append(" AND r.start_time < ?");
            params.add(CatalogDb.time(q.to()));
        }
        if (q.state() != null && !q.state().isBlank()) {
            where.append(" AND r.state = ?");
            params.add(q.state());
        }
        if (q.user() != null && !q.user().isBlank()) {
            partyIn(Set.of(q.user()), where, params);
        }
        if (q.direction() != null && !q.direction().isBlank()) {
            where.append(" AND r.direction = ?");
            params.add(q.direction());
        }
        if (q.minDurationMs() != null) {
            where.append(" AND r.duration_ms >= ?");
            params.add(q.minDurationMs());
        }
        if (q.maxDurationMs() != null) {
            where.append(" AND r.duration_ms <= ?");
            params.add(q.maxDurationMs());
        }
        scope(q.scope(), where, params);
        String dir = q.ascending() ? " ASC" : " DESC";
        String order = (q.sort() == RecordingSearch.Sort.DURATION ? " ORDER BY r.duration_ms" + dir + " NULLS LAST,"
                : " ORDER BY") + " r.start_time" + dir + ", r.id" + dir;
        try (Connection c = db.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM store.srs_recordings r" + where)) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            Map<String, Row> rows = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM store.srs_recordings r" + where
                    + order + " LIMIT ? OFFSET ?")) {
                bind(s, params);
                s.setInt(params.size() + 1, q.size());
                s.setLong(params.size() + 2, (long) q.page() * q.size());
                read(s, rows);
            }
            children(c, rows);
            return new RecordingPage(rows.values().stream().map(Row::toRecording).toList(), q.page(), q.size(), total);
        }
    }

    Optional<StoredRecording> find(String id, RecordingSearch.Scope scope) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE r.id = ?");
        List<Object> params = new ArrayList<>(List.of(id));
        scope(scope, where, params);
        try (Connection c = db.getConnection()) {
            Map<String, Row> rows = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM store.srs_recordings r"
                    + where)) {
                bind(s, params);
                read(s, rows);
            }
            children(c, rows);
            return rows.values().stream().map(Row::toRecording).findFirst();
        }
    }

    /** What the one who asks may see: each restriction of the scope is one more condition. */
    private static void scope(RecordingSearch.Scope scope, StringBuilder where, List<Object> params) {
        if (scope == null || scope.all()) {
            return;
        }
        if (scope.companies() != null) {
            if (scope.companies().isEmpty()) {
                where.append(" AND 1 = 0");
            } else {
                where.append(" AND r.company IN (").append(String.join(", ", scope.companies().stream()
                        .map(x -> "?").toList())).append(")");
                params.addAll(scope.companies());
            }
        }
        if (scope.parties() != null) {
            partyIn(scope.parties(), where, params);
        }
    }

    /**
     * One of the parties is one of these users, exactly: by number (a number, or an AOR whose user part is one,
     * compared as the number column keeps it) or by AOR (case-insensitive). An empty set matches nothing.
     */
    private static void partyIn(Set<String> users, StringBuilder where, List<Object> params) {
        List<String> numbers = new ArrayList<>();
        List<String> aors = new ArrayList<>();
        for (String u : users) {
            String number = Numbers.of(u) != null ? Numbers.of(u) : Numbers.plain(u);
            if (number != null) {
                numbers.add(number);
            }
            aors.add(u.trim().toLowerCase(Locale.ROOT));
        }
        if (aors.isEmpty()) {
            where.append(" AND 1 = 0");
            return;
        }
        where.append(" AND EXISTS (SELECT 1 FROM store.srs_recording_parties u WHERE u.recording_id = r.id AND (")
                .append("LOWER(u.aor) IN (").append(String.join(", ", aors.stream().map(x -> "?").toList()))
                .append(")");
        params.addAll(aors);
        if (!numbers.isEmpty()) {
            where.append(" OR u.number IN (").append(String.join(", ", numbers.stream().map(x -> "?").toList()))
                    .append(")");
            params.addAll(numbers);
        }
        where.append("))");
    }

    private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
    }

    private static void read(PreparedStatement s, Map<String, Row> rows) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), CatalogDb.instant(rs, 6), CatalogDb.instant(rs, 7), CatalogDb.getLong(rs, 8),
                        rs.getString(9), rs.getString(10), CatalogDb.getLong(rs, 11), new ArrayList<>(),
                        new ArrayList<>(), new StoredRecording.Hold[1], new ArrayList<>(),
                        new StoredRecording.Decision[1]));
            }
        }
    }

    /**
     * Parties, files, hold, paused intervals and decision of the recordings read, one query each (the ids as bind
     * parameters). The decision is the SRC's recording session whose id is the RS dialog's Call-ID, which is also the
     * SRS recording's {@code call_id} when the platform's SRC recorded to its embedded SRS.
     */
    private static void children(Connection c, Map<String, Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String in = " WHERE recording_id IN (" + String.join(", ", rows.keySet().stream().map(k -> "?").toList())
                + ")";
        List<Object> ids = new ArrayList<>(rows.keySet());
        try (PreparedStatement s = c.prepareStatement("SELECT recording_id, aor, number, name FROM"
                + " store.srs_recording_parties" + in + " ORDER BY recording_id, position")) {
            bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getString(1)).parties().add(new StoredRecording.Party(rs.getString(2),
                            rs.getString(3), rs.getString(4)));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT recording_id, path, kind, size_bytes, sha256 FROM"
                + " store.srs_recording_files" + in + " ORDER BY recording_id, position")) {
            bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Long size = CatalogDb.getLong(rs, 4);
                    rows.get(rs.getString(1)).files().add(new StoredRecording.File(Path.of(rs.getString(2)),
                            rs.getString(3), size == null ? -1 : size, CatalogDb.trim(rs.getString(5))));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT recording_id, since, actor, reason FROM"
                + " store.legal_hold" + in)) {
            bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getString(1)).hold()[0] = new StoredRecording.Hold(CatalogDb.instant(rs, 2),
                            rs.getString(3), rs.getString(4));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT recording_id, start_time, end_time FROM"
                + " store.srs_recording_pauses" + in + " ORDER BY recording_id, position")) {
            bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getString(1)).pauses().add(new CatalogEntry.Pause(CatalogDb.instant(rs, 2),
                            CatalogDb.instant(rs, 3)));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, s.decision FROM store.srs_recordings r JOIN"
                + " store.src_recordings s ON s.recording_id = r.call_id WHERE r.id IN ("
                + String.join(", ", rows.keySet().stream().map(k -> "?").toList()) + ")")) {
            bind(s, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getString(1)).decision()[0] = DecisionText.parse(rs.getString(2));
                }
            }
        }
    }

    /** A recording being read: its row, then its children added. */
    private record Row(String id, String state, String callId, String company, String direction, Instant start,
            Instant end, Long durationMs, String codecs, String endReason, Long sizeBytes,
            List<StoredRecording.Party> parties, List<StoredRecording.File> files, StoredRecording.Hold[] hold,
            List<CatalogEntry.Pause> pauses, StoredRecording.Decision[] decision) {
        StoredRecording toRecording() {
            return new StoredRecording(id, state, callId, company, direction, start, end, durationMs, codecs,
                    endReason, sizeBytes, parties, files, hold[0], pauses, decision[0]);
        }
    }
}
