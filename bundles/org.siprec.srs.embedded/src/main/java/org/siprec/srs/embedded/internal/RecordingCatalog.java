package org.siprec.srs.embedded.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded SRS's recordings as the shell sees them (a service of this bundle only): entries of
 * {@code index.jsonl} plus the recordings in progress, each a map with the index fields.
 */
public interface RecordingCatalog {
    /** The folder the recordings are stored in. */
    Path recordingsDir();

    /** Finished recordings from the index (oldest first), then those in progress ({@code state=recording}). */
    List<Map<String, Object>> recordings();

    /** A recording by id, or by a unique prefix of its id. */
    Optional<Map<String, Object>> recording(String id);
}
