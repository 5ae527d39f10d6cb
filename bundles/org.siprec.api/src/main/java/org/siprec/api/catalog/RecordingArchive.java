package org.siprec.api.catalog;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps a durable record of an SRS's recordings: implemented by a store (the built-in one is
 * {@code org.siprec.store.jdbc}), called by an SRS that writes recordings (the embedded SRS does).
 * <p>
 * The SRS calls every registered archive, on one dedicated thread of its own (never a SIP or media thread), in
 * order for a recording: {@link #started} once its first streams are set up, then {@link #ended} once its files are
 * complete and closed, with each file's size and SHA-256. An archive registered after a recording started may get
 * only {@link #ended}: it must then create the record. A recording whose {@link #ended} never comes (the process
 * died) is the archive's to mark interrupted; an SRS that finds such recordings at its next start hands each to
 * every archive it binds as {@link #ended} in state {@link ArchivedRecording#INTERRUPTED}, possibly more than once
 * (an archive must accept that). An archive that throws is logged; the recording goes on.
 *
 * @since 1.1
 */
@ConsumerType
public interface RecordingArchive {
    /** A recording started: its record in state {@link ArchivedRecording#RECORDING}, files without checksums yet. */
    void started(ArchivedRecording recording);

    /**
     * A recording ended: state {@code completed}, {@code failed} or {@code interrupted}, every file with its size and
     * SHA-256.
     */
    void ended(ArchivedRecording recording);
}
