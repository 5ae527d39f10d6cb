package org.siprec.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.siprec.api.catalog.ArchivedRecording;
import org.siprec.api.catalog.AuditEvent;
import org.siprec.api.catalog.CatalogException;
import org.siprec.api.catalog.Deletion;
import org.siprec.api.catalog.RecordingArchive;
import org.siprec.api.catalog.RecordingPage;
import org.siprec.api.catalog.RecordingContent;
import org.siprec.api.catalog.RecordingQuery;
import org.siprec.api.catalog.RecordingSearch;
import org.siprec.api.catalog.StoredRecording;
import org.siprec.api.compliance.AuditSink;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.store.RecordingRecord;
import org.siprec.api.store.RecordingStore;
import org.siprec.db.MigrationException;
import org.siprec.db.SiprecDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording catalogue in the platform database (schema {@code store}): the SRC's recording sessions
 * ({@link RecordingStore}), its audit trail ({@link AuditSink}) and the embedded SRS's recordings with their files and
 * checksums ({@link RecordingArchive}), read by the portal ({@link RecordingQuery}). Immediate: on start the schema is migrated and recordings left in state
 * {@code recording} by a crash become {@code interrupted}. Every method is called off the signalling path (the SRC's
 * reporter thread, the SRS's archive thread, the shell, the retention job); a database error is logged, never thrown
 * at the caller, and a record that could not be written is lost (said in the log with its id).
 */
@Component(service = {RecordingStore.class, AuditSink.class, RecordingArchive.class, RecordingQuery.class,
        JdbcRecordingStore.class}, immediate = true)
public final class JdbcRecordingStore implements RecordingStore, AuditSink, RecordingArchive, RecordingQuery {
    static final String ACTOR_SRC = "src";
    static final String ACTOR_SRS = "srs";
    static final String ACTOR_STORE = "store";
    /** Audit events of the store itself. */
    static final String INTERRUPTED = "recording.interrupted";
    static final String HOLD_SET = "hold.set";
    static final String HOLD_CLEARED = "hold.cleared";
    static final String RETENTION_DELETED = "retention.deleted";
    static final String DELETED = "recording.deleted";
    static final String VERIFY_PROBLEM = "verify.problem";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRecordingStore.class);

    private final CatalogDb db;
    private final CatalogSearch search;
    private final AuditWriter auditWriter;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SubscriberDirectory directory;
    /** The SRS's reading of its files (decrypts those encrypted at rest): verify authenticates them through it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RecordingContent content;

    @Activate
    public JdbcRecordingStore(@Reference SiprecDatabase database) throws MigrationException {
        int applied = database.migrate(CatalogDb.SCHEMA, JdbcRecordingStore.class.getClassLoader());
        this.db = new CatalogDb(database.dataSource());
        this.search = new CatalogSearch(database.dataSource());
        this.auditWriter = new AuditWriter(db);
        List<String> interrupted = List.of();
        try {
            interrupted = db.interruptUnfinished();
            for (String id : interrupted) {
                db.audit(Instant.now(), null, id, INTERRUPTED, "the platform stopped while recording; files kept as"
                        + " they were", ACTOR_STORE);
            }
        } catch (SQLException e) {
            LOG.error("Recording catalogue: cannot mark unfinished recordings interrupted: {}", e.toString());
        }
        LOG.info("Recording catalogue up on {}{}{}", database.product(),
                applied > 0 ? " (" + applied + " schema scripts applied)" : "",
                interrupted.isEmpty() ? "" : "; " + interrupted.size() + " recording(s) left unfinished by a crash marked"
                        + " interrupted: " + interrupted);
    }

    /** For tests: a store on a database of which the component would be given the service. */
    JdbcRecordingStore(SiprecDatabase database, SubscriberDirectory directory) throws MigrationException {
        this(database);
        this.directory = directory;
    }

    /** For tests: the SRS's {@link RecordingContent} that verify reads encrypted files through. */
    void content(RecordingContent content) {
        this.content = content;
    }

    CatalogDb db() {
        return db;
    }

    /** The audit trail for {@code siprec:audit}: see {@link CatalogDb#auditSearch}. */
    List<CatalogDb.AuditRow> audit(String callId, String recordingId, Instant since, int limit) throws SQLException {
        return db.auditSearch(callId, recordingId, since, limit);
    }

    /** Writes the SRC's queued audit events before it returns (at most 5 s); for tests and shutdown. */
    boolean flushAudit() throws InterruptedException {
        return auditWriter.flush(5);
    }

    @Deactivate
    void deactivate() {
        auditWriter.close();
    }

    // ------------------------------------------------------------------ RecordingStore, AuditSink (the SRC)

    @Override
    public void save(RecordingRecord record) {
        try {
            if (!db.saveSrc(record)) {
                LOG.debug("Recording session {} already in the catalogue", record.recordingId());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("Recording session {} of call {} not kept in the catalogue: {}", record.recordingId(),
                    record.callId(), e.toString());
        }
    }

    /** Queued and written in batches by {@link AuditWriter}: never a database round trip on the SRC's reporter. */
    @Override
    public void event(Instant time, String callId, String event, String detail) {
        auditWriter.add(time, callId, event, detail);
    }

    void audit(Instant time, String callId, String recordingId, String event, String detail, String actor) {
        try {
            db.audit(time, callId, recordingId, event, detail, actor);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Audit event {} of {} not kept: {} ({})", event, callId != null ? callId : recordingId, detail,
                    e.toString());
        }
    }

    // ------------------------------------------------------------------ RecordingArchive (the embedded SRS)

    @Override
    public void started(ArchivedRecording recording) {
        try {
            db.srsStarted(recording, company(recording));
        } catch (SQLException | RuntimeException e) {
            LOG.error("Recording {} not kept in the catalogue at its start: {}", recording.id(), e.toString());
        }
    }

    @Override
    public void ended(ArchivedRecording recording) {
        try {
            db.srsEnded(recording, company(recording));
        } catch (SQLException | RuntimeException e) {
            LOG.error("Recording {} ({}) not completed in the catalogue: {}", recording.id(), recording.state(),
                    e.toString());
        }
    }

    /** The company of a recording: the SRS's, else the directory's for the first party it knows. */
    private String company(ArchivedRecording r) {
        if (r.company() != null) {
            return r.company();
        }
        SubscriberDirectory d = directory;
        if (d == null) {
            return null;
        }
        for (ArchivedRecording.Party p : r.participants()) {
            if (p.aor() == null) {
                continue;
            }
            try {
                Optional<Subscriber> s = d.subscriber(p.aor());
                if (s.isPresent()) {
                    return s.get().companyId();
                }
            } catch (RuntimeException e) {
                LOG.debug("Directory lookup of {} failed: {}", p.aor(), e.toString());
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ RecordingQuery (the portal)

    @Override
    public RecordingPage search(RecordingSearch query) throws CatalogException {
        try {
            return search.search(query);
        } catch (SQLException | RuntimeException e) {
            throw unavailable("search", e);
        }
    }

    @Override
    public Optional<StoredRecording> find(String id) throws CatalogException {
        try {
            return search.find(id, RecordingSearch.Scope.ALL);
        } catch (SQLException | RuntimeException e) {
            throw unavailable("read of recording " + id, e);
        }
    }

    @Override
    public Optional<StoredRecording> find(String id, RecordingSearch.Scope scope) throws CatalogException {
        try {
            return search.find(id, scope);
        } catch (SQLException | RuntimeException e) {
            throw unavailable("read of recording " + id, e);
        }
    }

    @Override
    public List<AuditEvent> auditTrail(String id) throws CatalogException {
        try {
            return db.auditEvents(id);
        } catch (SQLException | RuntimeException e) {
            throw unavailable("read of the audit trail of recording " + id, e);
        }
    }

    @Override
    public Deletion delete(String id, String actor) throws CatalogException {
        try {
            Optional<CatalogDb.SrsRow> row = db.srs(id);
            if (row.isEmpty()) {
                return Deletion.NO_SUCH_RECORDING;
            }
            if ("recording".equals(row.get().state())) {
                return Deletion.STILL_RECORDING;
            }
            Instant ended = row.get().end() != null ? row.get().end() : row.get().start();
            Deletion d = delete(new CatalogDb.Candidate(id, true, row.get().company(), ended), DELETED,
                    "SRS recording ended " + ended + ", company " + (row.get().company() == null ? "unknown"
                            : row.get().company()) + ", deleted on request", actor, Instant.now());
            if (d == Deletion.DELETED) {
                LOG.info("Recording {} deleted by {}", id, actor);
            }
            return d;
        } catch (SQLException | RuntimeException e) {
            throw unavailable("deletion of recording " + id, e);
        }
    }

    @Override
    public boolean hold(String id, boolean set, String actor, String reason) throws CatalogException {
        try {
            if (set && db.srs(id).isEmpty() && !db.srcExists(id)) {
                throw new IllegalArgumentException("no recording " + id + " in the catalogue");
            }
            boolean changed = set ? db.hold(id, actor, reason) : db.clearHold(id);
            if (changed) {
                db.audit(Instant.now(), null, id, set ? HOLD_SET : HOLD_CLEARED,
                        "legal hold " + (set ? "set" : "cleared") + (reason == null ? "" : ": " + reason), actor);
            }
            return changed;
        } catch (SQLException e) {
            throw unavailable("hold change of recording " + id, e);
        }
    }

    @Override
    public void audit(String recordingId, String event, String detail, String actor) throws CatalogException {
        try {
            db.audit(Instant.now(), null, recordingId, event, detail, actor);
        } catch (SQLException | RuntimeException e) {
            throw unavailable("audit event " + event + " of recording " + recordingId, e);
        }
    }

    private static CatalogException unavailable(String what, Exception e) {
        LOG.error("Recording catalogue: {} failed: {}", what, e.toString());
        return new CatalogException("the recording catalogue cannot answer: " + e.getMessage(), e);
    }

    // ------------------------------------------------------------------ operations: verify, hold, retention

    /** Re-checks every stored SRS recording's files (or one's) against their SHA-256; problems are audited. */
    Verification verify(Optional<String> recordingId, String actor) throws SQLException {
        List<CatalogDb.SrsRow> rows = recordingId.isPresent()
                ? db.srs(recordingId.get()).map(List::of).orElseThrow(
                        () -> new IllegalArgumentException("no recording " + recordingId.get() + " in the catalogue"))
                : db.allSrs();
        Verification v = Verification.of(rows, content);
        for (Verification.Problem p : v.problems()) {
            audit(Instant.now(), null, p.recordingId(), VERIFY_PROBLEM, p.toString(), actor);
        }
        return v;
    }

    /**
     * Sets or clears the legal hold of a recording (SRS or SRC side id), audited.
     *
     * @return what was done, for the shell
     * @throws IllegalArgumentException when the catalogue has no such recording (setting a hold)
     */
    String hold(String id, boolean set, String actor) throws SQLException {
        if (set) {
            if (db.srs(id).isEmpty() && !db.srcExists(id)) {
                throw new IllegalArgumentException("no recording " + id + " in the catalogue");
            }
            if (!db.hold(id, actor, null)) {
                return "Recording " + id + " was already on legal hold";
            }
            audit(Instant.now(), null, id, HOLD_SET, "legal hold set", actor);
            return "Recording " + id + " is on legal hold: retention will not delete it";
        }
        if (!db.clearHold(id)) {
            return "Recording " + id + " was not on legal hold";
        }
        audit(Instant.now(), null, id, HOLD_CLEARED, "legal hold cleared", actor);
        return "Legal hold of recording " + id + " cleared";
    }

    /**
     * Deletes the recordings that expired at {@code now} under {@code rules}: files first, then rows, each deletion
     * audited; never one on legal hold, never one still recording. A recording whose file cannot be deleted is kept
     * (logged) and tried again at the next check. Returns how many were deleted.
     */
    int expire(RetentionRules rules, Instant now) throws SQLException {
        Instant cutoff = rules.earliestCutoff(now);
        if (cutoff == null) {
            return 0;
        }
        int deleted = 0;
        for (CatalogDb.Candidate c : db.endedBefore(cutoff)) {
            if (!rules.expired(c.company(), c.ended(), now)) {
                continue;
            }
            Deletion d = delete(c, RETENTION_DELETED, (c.srs() ? "SRS recording" : "SRC recording session")
                    + " ended " + c.ended() + ", company " + (c.company() == null ? "unknown" : c.company())
                    + ", retention " + rules.daysOf(c.company()) + " days", ACTOR_STORE, now);
            if (d == Deletion.DELETED) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Deletes one recording, as retention and the portal do: unless on legal hold, its files first (SRS side), then
     * its rows in one transaction that checks the hold again, then the audit event {@code event} with {@code detail}
     * and what was deleted. A file that cannot be deleted keeps the row (WARN line), to be tried again.
     */
    private Deletion delete(CatalogDb.Candidate c, String event, String detail, String actor, Instant now)
            throws SQLException {
        long bytes = 0;
        int files = 0;
        if (c.srs()) {
            Optional<CatalogDb.SrsRow> row = db.srs(c.id());
            if (row.isEmpty()) {
                return Deletion.NO_SUCH_RECORDING;
            }
            if (db.onHold(c.id())) {
                return Deletion.ON_HOLD;
            }
            boolean kept = false;
            for (CatalogDb.FileRow f : row.get().files()) {
                try {
                    if (Files.isRegularFile(f.path())) {
                        bytes += Files.size(f.path());
                    }
                    if (Files.deleteIfExists(f.path())) {
                        files++;
                    }
                } catch (IOException e) {
                    kept = true;
                    LOG.warn("Recording {} kept, cannot delete {}: {}", c.id(), f.path(), e.toString());
                }
            }
            if (kept) {
                return Deletion.FILES_KEPT;
            }
        }
        if (!db.delete(c)) {
            return db.onHold(c.id()) ? Deletion.ON_HOLD : Deletion.NO_SUCH_RECORDING;
        }
        audit(now, null, c.id(), event, detail + (c.srs() ? ", " + files + " file(s), " + bytes + " bytes deleted"
                : ""), actor);
        return Deletion.DELETED;
    }
}
