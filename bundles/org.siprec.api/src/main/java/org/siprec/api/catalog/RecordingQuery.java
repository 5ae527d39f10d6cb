package org.siprec.api.catalog;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads the recording catalogue (the database one, {@code org.siprec.store.jdbc}) for portals and APIs: search with
 * filters, one recording with its parties, files, checksums and legal hold; sets and clears the hold; records what a
 * user did with a recording in the catalogue's audit trail. Called off signalling threads (an HTTP request's).
 *
 * @since 1.2
 */
@ProviderType
public interface RecordingQuery {
    /**
     * The recordings that match every filter of {@code search}, latest started first (then by id), one page of them.
     *
     * @throws CatalogException when the catalogue cannot be read (its database is down)
     */
    RecordingPage search(RecordingSearch search) throws CatalogException;

    /** The recording with this id (an SRS recording's, as in {@code siprec:recordings}), or empty. */
    Optional<StoredRecording> find(String id) throws CatalogException;

    /**
     * The recording with this id if it is within {@code scope} (see {@link RecordingSearch.Scope}), or empty: a
     * recording outside the scope is as unknown as one that does not exist.
     *
     * @since 1.3
     */
    Optional<StoredRecording> find(String id, RecordingSearch.Scope scope) throws CatalogException;

    /**
     * The audit trail of a recording (events with its id: hold changes, portal fetches, deletion, crash), oldest
     * first.
     *
     * @since 1.3
     */
    List<AuditEvent> auditTrail(String id) throws CatalogException;

    /**
     * Deletes a recording: its files, then its rows, audited ({@code recording.deleted}) with the actor; the same
     * deletion as retention's. Never one on legal hold (checked again in the deleting transaction), never one still
     * recording.
     *
     * @param actor who does it (e.g. {@code portal:karaf@127.0.0.1}), kept in the audit trail
     * @since 1.3
     */
    Deletion delete(String id, String actor) throws CatalogException;

    /**
     * Sets or clears the legal hold of a recording, audited ({@code hold.set} / {@code hold.cleared}) with the actor.
     *
     * @param actor  who did it (e.g. {@code portal:karaf@127.0.0.1}); kept in the hold and the audit trail
     * @param reason why, or {@code null}
     * @return whether anything changed (false: it already was on hold / had no hold)
     * @throws IllegalArgumentException when the catalogue has no such recording
     */
    boolean hold(String id, boolean set, String actor, String reason) throws CatalogException;

    /**
     * Adds an event about a recording to the catalogue's audit trail (e.g. a user fetched its audio).
     *
     * @param recordingId the recording's id
     * @param event       what happened, a dotted name such as {@code portal.audio}
     * @param detail      human-readable detail, never a password
     * @param actor       who did it
     */
    void audit(String recordingId, String event, String detail, String actor) throws CatalogException;
}
