package org.siprec.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.siprec.api.catalog.ArchivedRecording;
import org.siprec.api.catalog.ArchivedRecording.Party;
import org.siprec.api.catalog.ArchivedRecording.StoredFile;
import org.siprec.api.catalog.AuditEvent;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.Deletion;
import org.siprec.api.catalog.RecordingPage;
import org.siprec.api.catalog.RecordingSearch;
import org.siprec.api.catalog.StoredRecording;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;
import org.siprec.api.store.RecordingRecord;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.directory.FakeDirectory;
import org.siprec.testsupport.Configs;

/**
 * The recording catalogue against a real database (H2 file in PostgreSQL mode, a real PostgreSQL server) and real
 * files: the schema's migration, SRC records and audit events, SRS recordings from start to end with checksums,
 * recordings left {@code recording} by a crash marked {@code interrupted} on restart, retention with legal hold,
 * and {@code siprec:verify}'s check of missing and altered files.
 */
abstract class AbstractStoreTest {
    static final Path BUILD = Path.of(System.getProperty("siprec.build.dir", "target"));

    private final List<SiprecDatabase> opened = new ArrayList<>();
    private final List<JdbcRecordingStore> stores = new ArrayList<>();
    private Map<String, Object> database;
    private Path files;
    JdbcRecordingStore store;

    abstract Map<String, Object> newDatabase(String name) throws Exception;

    abstract SiprecDatabase open(Map<String, Object> values) throws Exception;

    @BeforeEach
    void freshStore(TestInfo info) throws Exception {
        String name = "s_" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "_");
        database = newDatabase(name);
        files = BUILD.resolve("store-files").resolve(getClass().getSimpleName()).resolve(name);
        if (Files.exists(files)) {
            try (var walk = Files.walk(files)) {
                walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(files);
        store = newStore();
    }

    @AfterEach
    void close() throws Exception {
        stores.forEach(JdbcRecordingStore::deactivate);
        for (SiprecDatabase db : opened) {
            TestDatabase.close(db);
        }
    }

    /** A store component on the test's database, as started by DS (the schema migrated at activation). */
    JdbcRecordingStore newStore() throws Exception {
        return newStore(null);
    }

    JdbcRecordingStore newStore(SubscriberDirectory directory) throws Exception {
        SiprecDatabase db = open(database);
        opened.add(db);
        JdbcRecordingStore s = new JdbcRecordingStore(db, directory);
        stores.add(s);
        return s;
    }

    Connection sql() throws Exception {
        return opened.get(0).dataSource().getConnection();
    }

    List<List<String>> query(String sql, Object... params) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = sql(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        String v = rs.getString(i);
                        row.add(v == null ? null : v.trim());
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    String state(String id) throws Exception {
        List<List<String>> rows = query("SELECT state FROM store.srs_recordings WHERE id = ?", id);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    Path file(String name, String content) throws Exception {
        return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }

    static ArchivedRecording recording(String id, String state, String company, Instant start, Instant end,
            List<StoredFile> stored) {
        return new ArchivedRecording(id, state, "rs-" + id, List.of("ab30317f1a784dc48ff824d0d3715d86"),
                "127.0.0.1:5060", company, null, List.of(new Party("sip:+4930111@example.com", "Alice"),
                        new Party("tel:+49-30-222", null)), start, end, "PCMU", end == null ? null : "BYE", stored);
    }

    /** The files of a recording as the SRS hands them at its end: size and SHA-256 of what is on disk. */
    static List<StoredFile> closed(Path... paths) throws Exception {
        List<StoredFile> result = new ArrayList<>();
        for (Path p : paths) {
            result.add(new StoredFile(p, p.toString().endsWith(".wav") ? "audio" : "metadata", Files.size(p),
                    Sha256.of(p)));
        }
        return result;
    }

    static List<StoredFile> open(Path... paths) {
        List<StoredFile> result = new ArrayList<>();
        for (Path p : paths) {
            result.add(new StoredFile(p, p.toString().endsWith(".wav") ? "audio" : "metadata", -1, null));
        }
        return result;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void theSchemaIsMigratedOnceAtStartAndRecorded() throws Exception {
        for (String table : List.of("src_recordings", "src_recording_parties", "audit_events", "srs_recordings",
                "srs_recording_parties", "srs_recording_files", "legal_hold", "srs_recording_pauses")) {
            assertEquals("0", query("SELECT COUNT(*) FROM store." + table).get(0).get(0), table);
        }
        assertEquals(List.of(List.of("1", "V1__store.sql"), List.of("2", "V2__pauses.sql")), query("SELECT version,"
                + " script FROM siprec_db.schema_history WHERE schema_name = 'store' ORDER BY version"));
        newStore(); // a second start (restart, another node): nothing applied again, nothing fails
        assertEquals("2", query("SELECT COUNT(*) FROM siprec_db.schema_history WHERE schema_name = 'store'").get(0)
                .get(0));
        try (Connection c = sql(); Statement s = c.createStatement()) {
            assertThrows(Exception.class, () -> s.executeUpdate("INSERT INTO store.srs_recordings (id, start_time,"
                    + " codecs, state, updated_at) VALUES ('x', CURRENT_TIMESTAMP, '', 'paused', CURRENT_TIMESTAMP)"),
                    "the state column accepts recording, completed, failed and interrupted only");
        }
    }

    @Test
    void srcRecordingSessionsAndTheAuditTrailAreKept() throws Exception {
        Instant start = Instant.parse("2026-11-30T10:00:00Z");
        RecordingRecord r = new RecordingRecord("rs-1", "call-1", Optional.of("sip:srs@127.0.0.1:5090"),
                List.of(new Participant("sip:+4930111@example.com", "Alice"), new Participant("tel:+4930222", null)),
                start, start.plusSeconds(42), "completed", "RECORD (recordall: every call); policies: recordall=RECORD(every call)");
        store.event(start, "call-1", "decision", r.decision());
        store.event(start.plusSeconds(1), "call-1", "recording.started", "sip:srs@127.0.0.1:5090");
        store.save(r);
        store.save(r); // the same record twice (a retried report) is kept once
        assertTrue(store.flushAudit());

        assertEquals(List.of(List.of("call-1", "sip:srs@127.0.0.1:5090", "RECORD", r.decision(), "completed")),
                query("SELECT call_id, srs, verdict, decision, outcome FROM store.src_recordings"));
        assertEquals(List.of(List.of("0", "sip:+4930111@example.com", "+4930111", "Alice"),
                Arrays.asList("1", "tel:+4930222", "+4930222", null)),
                query("SELECT position, aor, number, name FROM store.src_recording_parties ORDER BY position"));
        assertEquals(List.of("decision: " + r.decision() + " (src)", "recording.started: sip:srs@127.0.0.1:5090 (src)"),
                store.db().auditTrail("call-1"));
        assertEquals("2026-11-30T10:00:42Z", instantOf(query("SELECT stop_time FROM store.src_recordings").get(0).get(0)));
    }

    private static String instantOf(String sqlTimestamp) {
        // H2 and PostgreSQL print TIMESTAMP WITH TIME ZONE differently; compare the instant
        String t = sqlTimestamp.replace(' ', 'T');
        if (t.matches(".*[+-]\\d\\d$")) {
            t = t + ":00";
        }
        return java.time.OffsetDateTime.parse(t).toInstant().toString();
    }

    @Test
    void theAuditTrailIsSearchedByCallRecordingAndTimeLatestFirstShownOldestFirst() throws Exception {
        Instant t = Instant.parse("2026-12-02T09:00:00Z");
        store.event(t, "call-a", "decision", "RECORD (recordall)");
        store.event(t.plusSeconds(10), "call-b", "decision", "SKIP (profile)");
        store.event(t.plusSeconds(20), "call-a", "recording.paused", "by shell");
        store.event(t.plusSeconds(30), "call-a", "recording.stopped", "call ended");
        assertTrue(store.flushAudit());

        assertEquals(List.of("decision", "recording.paused", "recording.stopped"),
                events(store.audit("call-a", null, null, 100)), "one call's, oldest first");
        assertEquals(List.of("recording.paused", "recording.stopped"),
                events(store.audit("call-a", null, null, 2)), "the latest two");
        assertEquals(List.of("recording.paused", "recording.stopped"),
                events(store.audit("call-a", null, t.plusSeconds(20), 100)), "since is inclusive");
        assertEquals(List.of("decision", "decision", "recording.paused", "recording.stopped"),
                events(store.audit(null, null, null, 100)));
        assertEquals(List.of(), events(store.audit("call-c", null, null, 100)));
        CatalogDb.AuditRow first = store.audit("call-b", null, null, 1).get(0);
        assertEquals(t.plusSeconds(10), first.time());
        assertEquals("SKIP (profile)", first.detail());
        assertEquals("src", first.actor());
    }

    private static List<String> events(List<CatalogDb.AuditRow> rows) {
        return rows.stream().map(CatalogDb.AuditRow::event).toList();
    }

    @Test
    void auditEventsOfManyCallsAreAllWrittenInTheirOrder() throws Exception {
        Instant t = Instant.parse("2026-12-01T08:00:00Z");
        int calls = 2000;
        List<String> events = List.of("decision", "recording.started", "recording.stopped");
        for (int i = 0; i < calls; i++) {
            for (String e : events) {
                store.event(t, "call-" + i, e, "detail " + i);
            }
        }
        assertTrue(store.flushAudit());
        assertEquals(Integer.toString(calls * events.size()), query("SELECT COUNT(*) FROM store.audit_events WHERE"
                + " actor = 'src'").get(0).get(0));
        assertEquals(List.of("decision: detail 1234 (src)", "recording.started: detail 1234 (src)",
                "recording.stopped: detail 1234 (src)"), store.db().auditTrail("call-1234"));
        List<List<String>> ids = query("SELECT call_id FROM store.audit_events ORDER BY id");
        assertEquals(List.of("call-0"), ids.get(0));
        assertEquals(List.of("call-" + (calls - 1)), ids.get(ids.size() - 1), "written in arrival order");
    }

    @Test
    void anSrsRecordingIsARowFromItsStartAndCarriesItsChecksumsAtItsEnd() throws Exception {
        Path wav = file("r1.wav", "RIFF....WAVE audio");
        Path xml = file("r1-metadata-1.xml", "<recording/>");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.started(recording("r1", "recording", null, start, null, open(wav, xml)));

        assertEquals("recording", state("r1"));
        assertEquals(List.of(Arrays.asList("audio", null, null), Arrays.asList("metadata", null, null)),
                query("SELECT kind, size_bytes, sha256 FROM store.srs_recording_files ORDER BY position"));
        assertEquals(List.of(List.of("sip:+4930111@example.com", "+4930111", "Alice"), Arrays.asList("tel:+49-30-222", "+4930222", null)),
                query("SELECT aor, number, name FROM store.srs_recording_parties ORDER BY position"));

        Files.writeString(wav, "RIFF....WAVE audio, more audio", StandardCharsets.UTF_8);
        store.ended(recording("r1", "completed", null, start, start.plusSeconds(61), closed(wav, xml)));

        assertEquals(List.of(List.of("completed", "61000", "PCMU", "BYE", Long.toString(Files.size(wav) + Files.size(xml)))),
                query("SELECT state, duration_ms, codecs, end_reason, size_bytes FROM store.srs_recordings"));
        assertEquals(List.of(List.of(wav.toAbsolutePath().toString(), Long.toString(Files.size(wav)), Sha256.of(wav)),
                List.of(xml.toAbsolutePath().toString(), Long.toString(Files.size(xml)), Sha256.of(xml))),
                query("SELECT path, size_bytes, sha256 FROM store.srs_recording_files ORDER BY position"));
        assertEquals("2", query("SELECT COUNT(*) FROM store.srs_recording_parties").get(0).get(0),
                "parties replaced, not added again");
        assertTrue(store.verify(Optional.empty(), "test").ok());
    }

    @Test
    void theQueryFindsRecordingsByPartyCompanyTimeAndStatePagedLatestFirst() throws Exception {
        Instant t = Instant.parse("2026-12-01T09:00:00Z");
        Path wav = file("q.wav", "RIFF....WAVE audio");
        for (int i = 0; i < 5; i++) {
            List<Party> parties = List.of(new Party("sip:+49301110" + i + "@example.com", "Caller " + i),
                    new Party(i == 3 ? "tel:+44-20-7946-0000" : "sip:+4930999@example.com", null));
            store.ended(new ArchivedRecording("q" + i, i == 4 ? "failed" : "completed", "rs-q" + i, List.of(), null,
                    i % 2 == 0 ? "acme" : "beta", null, parties, t.plusSeconds(60L * i), t.plusSeconds(60L * i + 30),
                    "PCMU", "BYE", closed(wav)));
        }
        assertEquals(List.of("q4", "q3", "q2", "q1", "q0"), ids(store.search(search(null, null, null, null, null, 0, 10))));
        RecordingPage page1 = store.search(search(null, null, null, null, null, 1, 2));
        assertEquals(List.of("q2", "q1"), ids(page1), "second page of two, latest start first");
        assertEquals(5, page1.total());
        assertEquals(List.of("q3"), ids(store.search(search("7946", null, null, null, null, 0, 10))),
                "a part of a number");
        assertEquals(List.of("q3"), ids(store.search(search("caller 3", null, null, null, null, 0, 10))), "a name");
        assertEquals(List.of(), ids(store.search(search("%", null, null, null, null, 0, 10))),
                "LIKE wildcards are taken literally");
        assertEquals(List.of("q4", "q2", "q0"), ids(store.search(search(null, "acme", null, null, null, 0, 10))));
        assertEquals(List.of("q2", "q1"), ids(store.search(search(null, null, t.plusSeconds(60), t.plusSeconds(180),
                null, 0, 10))), "from inclusive, to exclusive");
        assertEquals(List.of("q4"), ids(store.search(search(null, null, null, null, "failed", 0, 10))));
        assertEquals(List.of("q2"), ids(store.search(search("+493011102", "acme", t, null, "completed", 0, 10))));

        StoredRecording q3 = store.find("q3").orElseThrow();
        assertEquals(List.of(new StoredRecording.Party("sip:+493011103@example.com", "+493011103", "Caller 3"),
                new StoredRecording.Party("tel:+44-20-7946-0000", "+442079460000", null)), q3.parties());
        assertEquals("beta", q3.company());
        assertEquals(Long.valueOf(30000), q3.durationMs());
        StoredRecording.File audio = q3.audio().orElseThrow();
        assertEquals(wav.toAbsolutePath(), audio.path());
        assertEquals(Sha256.of(wav), audio.sha256());
        assertNull(q3.hold());
        assertTrue(store.find("nope").isEmpty());

        assertTrue(store.hold("q3", true, "portal:karaf@127.0.0.1", "case 42"));
        assertFalse(store.hold("q3", true, "portal:karaf@127.0.0.1", null), "already on hold");
        StoredRecording.Hold hold = store.find("q3").orElseThrow().hold();
        assertEquals("portal:karaf@127.0.0.1", hold.actor());
        assertEquals("case 42", hold.reason());
        assertThrows(IllegalArgumentException.class, () -> store.hold("nope", true, "portal:karaf", null));
        store.audit("q3", "portal.audio", "bytes 0-99", "portal:karaf@127.0.0.1");
        assertTrue(store.hold("q3", false, "portal:karaf@127.0.0.1", null));
        assertNull(store.find("q3").orElseThrow().hold());
        assertEquals(List.of(List.of("hold.set", "portal:karaf@127.0.0.1"), List.of("portal.audio",
                "portal:karaf@127.0.0.1"), List.of("hold.cleared", "portal:karaf@127.0.0.1")),
                query("SELECT event, actor FROM store.audit_events WHERE recording_id = 'q3' ORDER BY id"));
    }

    private static RecordingSearch search(String party, String company, Instant from, Instant to, String state,
            int page, int size) {
        return new RecordingSearch(party, company, from, to, state, page, size);
    }

    private static List<String> ids(RecordingPage page) {
        return page.recordings().stream().map(StoredRecording::id).toList();
    }

    @Test
    void theQueryFiltersByUserDirectionAndDurationSortsAndKeepsToTheScope() throws Exception {
        Instant t = Instant.parse("2026-12-02T09:00:00Z");
        Path wav = file("s.wav", "RIFF....WAVE audio");
        // s0: acme, alice (+4930111) calls out, 10 s; s1: beta, bob <sip:bob@beta.example> called, 30 s;
        // s2: acme, alice called by bob, 20 s
        store.ended(new ArchivedRecording("s0", "completed", "rs-s0", List.of(), null, "acme", "orig",
                List.of(new Party("sip:+49-30-111@acme.example", "Alice"), new Party("tel:+4940555", null)), t,
                t.plusSeconds(10), "PCMU", "BYE", closed(wav)));
        store.ended(new ArchivedRecording("s1", "completed", "rs-s1", List.of(), null, "beta", "term",
                List.of(new Party("tel:+4940555", null), new Party("sip:Bob@beta.example", "Bob")), t.plusSeconds(60),
                t.plusSeconds(90), "PCMU", "BYE", closed(wav)));
        store.ended(new ArchivedRecording("s2", "completed", "rs-s2", List.of(), null, "acme", "term",
                List.of(new Party("sip:bob@beta.example", "Bob"), new Party("sip:+4930111@acme.example", "Alice")),
                t.plusSeconds(120), t.plusSeconds(140), "PCMU", "BYE", closed(wav)));

        assertEquals(List.of("s2", "s0"), ids(store.search(user("+49 30 111"))), "a number, any separators");
        assertEquals(List.of("s2", "s1"), ids(store.search(user("SIP:bob@beta.example"))), "an AOR, any case");
        assertEquals(List.of("s2", "s0"), ids(store.search(user("sip:+4930111@elsewhere.example"))),
                "an AOR with a number: by the number");
        assertEquals(List.of(), ids(store.search(user("+4930"))), "not a part of a number");
        assertEquals(List.of("s0"), ids(store.search(new RecordingSearch(null, null, null, null, null, 0, 10, null,
                "orig", null, null, null, false, null))));
        assertEquals(List.of("s2", "s1"), ids(store.search(new RecordingSearch(null, null, null, null, null, 0, 10,
                null, null, 20_000L, null, null, false, null))), "at least 20 s");
        assertEquals(List.of("s2", "s0"), ids(store.search(new RecordingSearch(null, null, null, null, null, 0, 10,
                null, null, null, 20_000L, null, false, null))), "at most 20 s");
        assertEquals(List.of("s0", "s2", "s1"), ids(store.search(sorted(RecordingSearch.Sort.DURATION, true, null))));
        assertEquals(List.of("s1", "s2", "s0"), ids(store.search(sorted(RecordingSearch.Sort.DURATION, false, null))));
        assertEquals(List.of("s0", "s1", "s2"), ids(store.search(sorted(RecordingSearch.Sort.START, true, null))));

        RecordingSearch.Scope acme = new RecordingSearch.Scope(Set.of("acme"), null);
        RecordingPage acmes = store.search(sorted(RecordingSearch.Sort.START, false, acme));
        assertEquals(List.of("s2", "s0"), ids(acmes));
        assertEquals(2, acmes.total(), "the total counts only what the scope lets be seen");
        RecordingSearch.Scope bob = new RecordingSearch.Scope(null, Set.of("sip:bob@beta.example"));
        assertEquals(List.of("s2", "s1"), ids(store.search(sorted(RecordingSearch.Sort.START, false, bob))));
        assertEquals(List.of(), ids(store.search(sorted(RecordingSearch.Sort.START, false,
                new RecordingSearch.Scope(Set.of(), null)))), "an empty scope sees nothing");
        assertEquals(0, store.search(new RecordingSearch(null, "beta", null, null, null, 0, 10, null, null, null,
                null, null, false, acme)).total(), "a company filter cannot widen the scope");
        assertTrue(store.find("s1", acme).isEmpty(), "another company's recording is not found");
        assertTrue(store.find("s0", acme).isPresent());
        assertTrue(store.find("s1", bob).isPresent());
        assertTrue(store.find("s0", bob).isEmpty());
    }

    private static RecordingSearch user(String user) {
        return new RecordingSearch(null, null, null, null, null, 0, 10, user, null, null, null, null, false, null);
    }

    private static RecordingSearch sorted(RecordingSearch.Sort sort, boolean ascending, RecordingSearch.Scope scope) {
        return new RecordingSearch(null, null, null, null, null, 0, 10, null, null, null, null, sort, ascending, scope);
    }

    @Test
    void aDeletionOnRequestRemovesFilesAndRowsAuditedButNeverOnHoldOrWhileRecording() throws Exception {
        Instant now = Instant.now();
        Path wav = file("d.wav", "RIFF audio");
        Path xml = file("d-metadata-1.xml", "<recording/>");
        store.ended(recording("d", "completed", "acme", now.minusSeconds(60), now, closed(wav, xml)));
        store.started(recording("live", "recording", "acme", now, null, open(file("live.wav", "live"))));
        store.hold("d", true, "portal:karaf@127.0.0.1", "case 7");

        assertEquals(Deletion.ON_HOLD, store.delete("d", "portal:karaf@127.0.0.1"));
        assertTrue(Files.exists(wav) && Files.exists(xml), "nothing deleted while on hold");
        assertEquals(Deletion.STILL_RECORDING, store.delete("live", "portal:karaf@127.0.0.1"));
        assertTrue(Files.exists(files.resolve("live.wav")));
        assertEquals(Deletion.NO_SUCH_RECORDING, store.delete("nope", "portal:karaf@127.0.0.1"));

        store.hold("d", false, "portal:karaf@127.0.0.1", null);
        assertEquals(Deletion.DELETED, store.delete("d", "portal:ops@10.0.0.7"));
        assertFalse(Files.exists(wav), "the audio file");
        assertFalse(Files.exists(xml), "the metadata file");
        assertNull(state("d"));
        assertTrue(store.find("d").isEmpty());
        assertEquals("0", query("SELECT COUNT(*) FROM store.srs_recording_files WHERE recording_id = 'd'").get(0)
                .get(0));
        assertEquals(Deletion.NO_SUCH_RECORDING, store.delete("d", "portal:ops@10.0.0.7"), "only once");

        List<AuditEvent> trail = store.auditTrail("d");
        assertEquals(List.of("hold.set", "hold.cleared", "recording.deleted"), trail.stream().map(AuditEvent::event)
                .toList(), "the audit trail outlives the recording");
        AuditEvent deleted = trail.get(2);
        assertEquals("portal:ops@10.0.0.7", deleted.actor());
        assertTrue(deleted.detail().contains("2 file(s)"), deleted.detail());
        assertTrue(deleted.time() != null && !deleted.time().isBefore(now.minusSeconds(5)));
        assertEquals("case 7", trail.get(0).detail().replace("legal hold set: ", ""));
    }

    @Test
    void theAuditTrailOfARecordingHasTheSrcEventsOfTheCallItRecorded() throws Exception {
        Instant t = Instant.now().minusSeconds(60);
        // the SRC recorded call "call-t" through RS dialog "rs-t" to the embedded SRS, which made recording "t"
        store.event(t, "call-t", "decision", "RECORD (recordall: record all calls)");
        store.event(t.plusSeconds(1), "call-t", "recording.started", "srs sip:srs@127.0.0.1");
        store.event(t.plusSeconds(1), "call-other", "decision", "SKIP (whitelist)");
        assertTrue(store.flushAudit());
        store.save(new RecordingRecord("rs-t", "call-t", Optional.empty(), List.of(), t, t.plusSeconds(30),
                "completed", "RECORD (recordall)"));
        store.ended(recording("t", "completed", "acme", t, t.plusSeconds(30), closed(file("t.wav", "t"))));
        store.audit("t", "portal.audio", "all bytes", "portal:karaf@127.0.0.1");

        List<AuditEvent> trail = store.auditTrail("t");
        assertEquals(List.of("decision", "recording.started", "portal.audio"), trail.stream().map(AuditEvent::event)
                .toList());
        assertEquals("RECORD (recordall: record all calls)", trail.get(0).detail());
        assertEquals("src", trail.get(0).actor());
        assertEquals(List.of(), store.auditTrail("nope"));
    }

    @Test
    void thePausedIntervalsAndTheSrcDecisionOfARecordingAreKeptAndReadBack() throws Exception {
        Instant t = Instant.parse("2026-12-01T09:00:00Z");
        // the SRC recorded through RS dialog "rs-p" (the SRS recording's call_id) and paused twice; the second pause
        // lasted to the end
        String decision = "RECORD (profile: +4930111 records orig (a, b)) mandatory; policies:"
                + " profile=RECORD(+4930111 records orig (a, b)), whitelist=ABSTAIN(no opinion; none listed)";
        store.started(recording("p", "recording", "acme", t, null, open(file("p.wav", "live"))));
        assertEquals(List.of(), store.find("p").orElseThrow().pauses(), "none while recording");
        assertNull(store.find("p").orElseThrow().decision(), "the SRC's row comes at the end");
        List<CatalogEntry.Pause> pauses = List.of(new CatalogEntry.Pause(t.plusSeconds(5), t.plusSeconds(9)),
                new CatalogEntry.Pause(t.plusSeconds(20), t.plusSeconds(30)));
        ArchivedRecording r = recording("p", "completed", "acme", t, t.plusSeconds(30), closed(file("p.wav", "pp")));
        store.ended(new ArchivedRecording(r.id(), r.state(), r.callId(), r.sessionIds(), r.src(), r.company(),
                r.direction(), r.participants(), r.start(), r.end(), r.codecs(), r.endReason(), r.files(), pauses));
        store.save(new RecordingRecord("rs-p", "call-p", Optional.of("sip:srs@127.0.0.1:5262"), List.of(), t,
                t.plusSeconds(30), "completed", decision));
        // a recording of another SRC: no decision
        store.ended(recording("o", "completed", "acme", t, t.plusSeconds(3), closed(file("o.wav", "o"))));

        StoredRecording p = store.find("p").orElseThrow();
        assertEquals(pauses, p.pauses());
        assertEquals(new StoredRecording.Decision("RECORD", "profile: +4930111 records orig (a, b), mandatory",
                List.of("profile=RECORD(+4930111 records orig (a, b))", "whitelist=ABSTAIN(no opinion; none listed)"),
                decision), p.decision());
        StoredRecording o = store.find("o").orElseThrow();
        assertEquals(List.of(), o.pauses());
        assertNull(o.decision());
        RecordingPage page = store.search(new RecordingSearch("", null, null, null, null, 0, 10));
        assertEquals(pauses, page.recordings().stream().filter(x -> x.id().equals("p")).findFirst().orElseThrow()
                .pauses(), "the search's recordings carry them too");

        // ended again (an SRS hands a recovered recording more than once): the intervals are replaced, not doubled
        store.ended(new ArchivedRecording(r.id(), r.state(), r.callId(), r.sessionIds(), r.src(), r.company(),
                r.direction(), r.participants(), r.start(), r.end(), r.codecs(), r.endReason(), r.files(), pauses));
        assertEquals(pauses, store.find("p").orElseThrow().pauses());
        // and deleted with the recording
        assertEquals(Deletion.DELETED, store.delete("p", "portal:ops@10.0.0.7"));
        assertEquals("0", query("SELECT COUNT(*) FROM store.srs_recording_pauses").get(0).get(0));
    }

    @Test
    void theDirectionOfAnSrsRecordingComesFromTheSrcsSessionCaseWhicheverRowComesFirst() throws Exception {
        Instant t = Instant.now().minusSeconds(60);
        // SRS row first (the embedded SRS does not know the direction), then the SRC's record of the same RS dialog
        store.started(recording("a", "recording", "acme", t, null, open(file("a.wav", "a"))));
        assertNull(store.find("a").orElseThrow().direction());
        store.save(new RecordingRecord("rs-a", "call-a", Optional.empty(), List.of(), t, t.plusSeconds(5),
                "completed", "RECORD (x)", List.of(), SessionCase.TERMINATING));
        assertEquals("term", store.find("a").orElseThrow().direction());
        store.ended(recording("a", "completed", "acme", t, t.plusSeconds(5), closed(file("a.wav", "aa"))));
        assertEquals("term", store.find("a").orElseThrow().direction(), "kept at the end");
        // the SRC's record first, then the SRS's end without its start
        store.save(new RecordingRecord("rs-b", "call-b", Optional.empty(), List.of(), t, t.plusSeconds(5),
                "completed", "RECORD (x)", List.of(), SessionCase.ORIGINATING));
        store.ended(recording("b", "completed", "acme", t, t.plusSeconds(5), closed(file("b.wav", "b"))));
        assertEquals("orig", store.find("b").orElseThrow().direction());
        assertEquals(List.of("b"), store.search(new RecordingSearch(null, null, null, null, null, 0, 10, null,
                "orig", null, null, RecordingSearch.Sort.START, false, RecordingSearch.Scope.ALL)).recordings()
                .stream().map(StoredRecording::id).toList(), "the direction filter finds it");
        // an SRC of version 1.1 (no session case) and an SRS that knows the direction: the SRS's is kept
        store.save(new RecordingRecord("rs-c", "call-c", Optional.empty(), List.of(), t, t.plusSeconds(5),
                "completed", "RECORD (x)"));
        ArchivedRecording c = recording("c", "completed", "acme", t, t.plusSeconds(5), closed(file("c.wav", "c")));
        store.ended(new ArchivedRecording(c.id(), c.state(), c.callId(), c.sessionIds(), c.src(), c.company(),
                "term", c.participants(), c.start(), c.end(), c.codecs(), c.endReason(), c.files()));
        assertEquals("term", store.find("c").orElseThrow().direction());
    }

    @Test
    void anEndWithoutAStartCreatesTheRow() throws Exception {
        Path wav = file("late.wav", "audio");
        store.ended(recording("late", "failed", null, Instant.now().minusSeconds(5), Instant.now(), closed(wav)));
        assertEquals("failed", state("late"));
    }

    @Test
    void aRecordingLeftRecordingByACrashIsInterruptedOnRestartWithItsFileChecksummed() throws Exception {
        Path wav = file("crash.wav", "RIFF header and the audio written before the crash");
        store.started(recording("crash", "recording", "acme", Instant.now().minusSeconds(30), null, open(wav)));
        store.started(recording("other", "recording", "acme", Instant.now().minusSeconds(30), null, open(file("o.wav", "x"))));
        store.ended(recording("other", "completed", "acme", Instant.now().minusSeconds(30), Instant.now(),
                closed(files.resolve("o.wav"))));
        assertEquals("recording", state("crash"));

        newStore(); // the platform starts again: no ended() will ever come for 'crash'

        assertEquals("interrupted", state("crash"));
        assertEquals("completed", state("other"), "a recording that ended is left as it is");
        assertEquals(List.of(List.of(Long.toString(Files.size(wav)), Sha256.of(wav))),
                query("SELECT size_bytes, sha256 FROM store.srs_recording_files WHERE recording_id = 'crash'"));
        assertEquals(List.of(List.of("recording.interrupted", "store")),
                query("SELECT event, actor FROM store.audit_events WHERE recording_id = 'crash'"));
        assertTrue(store.verify(Optional.of("crash"), "test").ok(), "the interrupted file verifies as it was found");
    }

    @Test
    void retentionDeletesExpiredRecordingsPerCompanyButNeverOnHold() throws Exception {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(40));
        Map<String, ArchivedRecording> recordings = Map.of(
                "acme-old", recording("acme-old", "completed", "acme", old, old.plusSeconds(60), closed(file("a.wav", "a"))),
                "beta-old", recording("beta-old", "completed", "beta", old, old.plusSeconds(60), closed(file("b.wav", "b"))),
                "none-old", recording("none-old", "failed", null, old, old.plusSeconds(60), closed(file("n.wav", "n"))),
                "held-old", recording("held-old", "completed", null, old, old.plusSeconds(60), closed(file("h.wav", "h"))),
                "new", recording("new", "completed", "beta", now.minusSeconds(600), now, closed(file("new.wav", "new"))));
        recordings.values().forEach(store::ended);
        store.started(recording("live", "recording", "beta", old, null, open(file("live.wav", "live"))));
        store.save(new RecordingRecord("src-old", "call-old", Optional.empty(), List.of(), old, old.plusSeconds(60),
                "failed: no SRS", "RECORD (recordall)"));
        assertTrue(store.hold("held-old", true, "tester").startsWith("Recording held-old is on legal hold"));
        assertThrows(IllegalArgumentException.class, () -> store.hold("no-such-recording", true, "tester"));

        RetentionRules rules = RetentionRules.from(Configs.of(RetentionConfig.class,
                Map.of("retention.days", 30, "retention.company", "acme=365, beta=30")));
        assertEquals(3, store.expire(rules, now), "beta-old, none-old (default), src-old deleted");

        for (String gone : List.of("beta-old", "none-old")) {
            assertNull(state(gone), gone);
            assertFalse(Files.exists(files.resolve(gone.substring(0, 1) + ".wav")), gone + "'s file");
        }
        assertEquals("completed", state("acme-old"), "acme keeps 365 days");
        assertEquals("completed", state("held-old"), "on legal hold");
        assertTrue(Files.exists(files.resolve("h.wav")));
        assertEquals("completed", state("new"));
        assertEquals("recording", state("live"), "never while recording");
        assertEquals(List.of(), query("SELECT * FROM store.src_recordings"));
        assertEquals("0", query("SELECT COUNT(*) FROM store.srs_recording_files WHERE recording_id IN"
                + " ('beta-old', 'none-old')").get(0).get(0));
        List<List<String>> audited = query("SELECT recording_id, actor FROM store.audit_events WHERE event ="
                + " 'retention.deleted' ORDER BY recording_id");
        assertEquals(List.of(List.of("beta-old", "store"), List.of("none-old", "store"), List.of("src-old", "store")),
                audited);

        assertTrue(store.hold("held-old", false, "tester").startsWith("Legal hold of recording held-old cleared"));
        assertEquals(1, store.expire(rules, now));
        assertNull(state("held-old"));
        assertEquals(List.of(List.of("hold.set", "tester"), List.of("hold.cleared", "tester"),
                List.of("retention.deleted", "store")), query("SELECT event, actor FROM store.audit_events WHERE"
                        + " recording_id = 'held-old' ORDER BY id"));
    }

    @Test
    void theCompanyOfARecordingComesFromTheDirectoryAndDrivesItsRetention() throws Exception {
        Subscriber alice = Subscriber.of("alice", "acme", "Alice", RecordingProfile.BOTH)
                .withNumbers(List.of("+4930111"));
        JdbcRecordingStore withDirectory = newStore(new FakeDirectory(List.of(Company.of("acme", "ACME",
                ZoneId.of("Europe/Berlin"), "49")), List.of(alice), Set.of()));
        Instant old = Instant.now().minus(Duration.ofDays(40));
        withDirectory.ended(recording("known", "completed", null, old, old.plusSeconds(1), closed(file("k.wav", "k"))));
        withDirectory.ended(recording("given", "completed", "beta", old, old.plusSeconds(1), closed(file("g.wav", "g"))));
        assertEquals(List.of(List.of("given", "beta"), List.of("known", "acme")),
                query("SELECT id, company FROM store.srs_recordings ORDER BY id"), "the SRS's company wins");
        RetentionRules rules = RetentionRules.from(Configs.of(RetentionConfig.class,
                Map.of("retention.days", 30, "retention.company", "acme=365")));
        assertEquals(1, withDirectory.expire(rules, Instant.now()));
        assertEquals("completed", state("known"), "acme keeps 365 days");
        assertNull(state("given"));
    }

    @Test
    void retentionOfZeroDaysKeepsForever() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(4000));
        store.ended(recording("ancient", "completed", null, old, old.plusSeconds(1), closed(file("x.wav", "x"))));
        assertEquals(0, store.expire(RetentionRules.from(Configs.defaults(RetentionConfig.class)), Instant.now()));
        assertEquals("completed", state("ancient"));
    }

    @Test
    void theRetentionJobRefusesABadConfigurationAndAppliesACorrectedOne() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(40));
        store.ended(recording("old", "completed", "acme", old, old.plusSeconds(1), closed(file("old.wav", "x"))));
        RetentionJob job = new RetentionJob(store, Configs.of(RetentionConfig.class,
                Map.of("retention.days", 30, "retention.company", "acme")));
        try {
            assertNull(job.rules(), "a bad configuration at start: no rules, nothing deleted");
            assertEquals(-1, job.runNow());
            job.modified(Configs.of(RetentionConfig.class, Map.of("retention.days", 30)));
            assertEquals(1, job.runNow(), "the corrected configuration applies");
            assertNull(state("old"));
            job.modified(Configs.of(RetentionConfig.class, Map.of("retention.days", -5)));
            assertEquals(30, job.rules().defaultDays(), "a bad change keeps the current rules");
        } finally {
            job.deactivate();
        }
    }

    @Test
    void verifyReportsMissingAndAlteredFiles() throws Exception {
        Path wav = file("v.wav", "the audio as recorded");
        Path xml = file("v.xml", "<recording/>");
        Path gone = file("g.wav", "another recording");
        Instant start = Instant.now().minusSeconds(60);
        store.ended(recording("v", "completed", null, start, start.plusSeconds(10), closed(wav, xml)));
        store.ended(recording("g", "completed", null, start, start.plusSeconds(10), closed(gone)));
        store.started(recording("live", "recording", null, start, null, open(file("live.wav", "..."))));
        Verification ok = store.verify(Optional.empty(), "test");
        assertTrue(ok.ok(), ok.summary());
        assertEquals("OK: 3 recording(s), 3 file(s) checked, 0 missing, 0 altered, 1 without checksum yet (recording)",
                ok.summary());

        Files.writeString(wav, "the audio as recorded, then changed", StandardCharsets.UTF_8);
        Files.delete(gone);
        Verification bad = store.verify(Optional.empty(), "shell");
        assertFalse(bad.ok());
        assertEquals(List.of("ALTERED v " + wav.toAbsolutePath(), "MISSING g " + gone.toAbsolutePath()),
                bad.problems().stream().map(p -> p.kind() + " " + p.recordingId() + " " + p.path()).sorted().toList());
        assertTrue(bad.summary().startsWith("FAILED: 3 recording(s), 3 file(s) checked, 1 missing, 1 altered"),
                bad.summary());
        assertEquals("2", query("SELECT COUNT(*) FROM store.audit_events WHERE event = 'verify.problem' AND actor ="
                + " 'shell'").get(0).get(0));
        assertThrows(IllegalArgumentException.class, () -> store.verify(Optional.of("nope"), "test"));
    }

    /**
     * Encrypted at rest: verify checks the stored bytes' SHA-256 and, through the SRS's {@link
     * org.siprec.api.catalog.RecordingContent}, decrypts each encrypted file to its end (every segment authenticated);
     * with another key under the same name the checksums still match but the files are UNDECRYPTABLE; without the
     * SRS's reading only the checksums are checked.
     */
    @Test
    void verifyDecryptsAndAuthenticatesEncryptedFiles() throws Exception {
        Path keys = files.resolve("keys.p12");
        writeKeyStore(keys, 1);
        Map<String, Object> config = Map.of("encryption.enabled", "true", "encryption.keystore", keys.toString(),
                "encryption.keystore.password", "pw");
        org.siprec.srs.embedded.internal.crypto.RecordingSealer sealer = new org.siprec.srs.embedded.internal.crypto
                .RecordingSealer(org.siprec.testsupport.Configs.of(org.siprec.srs.embedded.internal.SrsConfig.class,
                config));
        Path wav = file("e.wav", "the audio as recorded");
        Path xml = file("e.xml", "<recording/>");
        assertEquals(Optional.of("default v1"), sealer.seal("e", List.of(wav, xml), List.of()));
        Instant start = Instant.now().minusSeconds(60);
        store.ended(recording("e", "completed", null, start, start.plusSeconds(10), closed(wav, xml)));
        store.content(sealer);
        assertEquals("OK: 1 recording(s), 2 file(s) checked, 0 missing, 0 altered, 2 encrypted file(s) decrypted and"
                + " authenticated", store.verify(Optional.of("e"), "test").summary());

        writeKeyStore(keys, 2); // default.v1 is now another key
        Files.setLastModifiedTime(keys, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Verification bad = store.verify(Optional.of("e"), "test");
        assertEquals(List.of("UNDECRYPTABLE e " + wav.toAbsolutePath(), "UNDECRYPTABLE e " + xml.toAbsolutePath()),
                bad.problems().stream().map(p -> p.kind() + " " + p.recordingId() + " " + p.path()).sorted().toList());
        assertTrue(bad.problems().get(0).detail().contains("fails authentication"), bad.problems().toString());
        assertEquals("FAILED: 1 recording(s), 2 file(s) checked, 0 missing, 0 altered, 2 undecryptable",
                bad.summary());

        store.content(null);
        assertEquals("OK: 1 recording(s), 2 file(s) checked, 0 missing, 0 altered",
                store.verify(Optional.of("e"), "test").summary());
    }

    /** A PKCS12 key store as keytool -genseckey writes it: entry default.v1, an AES-256 key of bytes {@code b}. */
    private static void writeKeyStore(Path file, int b) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, "pw".toCharArray());
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) b);
        ks.setEntry("default.v1", new java.security.KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(key,
                "AES")), new java.security.KeyStore.PasswordProtection("pw".toCharArray()));
        try (var out = Files.newOutputStream(file)) {
            ks.store(out, "pw".toCharArray());
        }
    }
}
