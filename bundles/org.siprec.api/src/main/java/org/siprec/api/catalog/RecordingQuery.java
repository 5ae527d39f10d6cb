package org.siprec.api.catalog;

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
