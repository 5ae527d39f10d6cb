package org.siprec.api.catalog;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The recordings of one Session Recording Server, in progress and finished. Registered as an OSGi service by the
 * SRS that keeps them (the embedded SRS does); consumers take it as an optional reference, since an installation
 * may record to an external SRS only.
 *
 * <p>Entries are snapshots: an entry in state {@link RecordingState#RECORDING} is not updated in place; ask again.
 * Methods may read storage (e.g. a file), so call them off signalling threads; they never throw for a recording
 * they cannot read, they leave it out.
 */
@ProviderType
public interface RecordingCatalog {
    /**
     * The latest recordings, at most {@code limit}: those in progress first (latest started first), then finished
     * ones, latest ended first.
     *
     * @param limit the most entries returned; {@code Integer.MAX_VALUE} for all
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    List<CatalogEntry> recent(int limit);

    /** The recording with this id ({@link CatalogEntry#id()}), in progress or finished. */
    Optional<CatalogEntry> find(String recordingId);

    /**
     * The recordings of the recording session (SRC to SRS dialog) with this SIP Call-ID; normally one, more if
     * an SRC reuses a Call-ID. Latest first.
     */
    List<CatalogEntry> byCallId(String callId);

    /**
     * The recordings of the recorded call with this RFC 7989 Session-ID, as the SRC reported it in the recording
     * metadata ({@code <sipSessionID>}). Compared case-insensitively, without parameters (e.g.
     * {@code ;remote=...}) and hyphens. Latest first.
     */
    List<CatalogEntry> bySessionId(String sessionId);
}
