/**
 * The recording catalogue: what a Session Recording Server holds (recordings in progress and finished, their
 * parties, times, files and state), for shells, the test call and portals. Provided by an SRS (e.g. the embedded
 * one), so that no consumer depends on how an SRS stores its recordings. Since 1.1, the other direction: an SRS
 * hands each recording to the {@link org.siprec.api.catalog.RecordingArchive} services (a database catalogue) as
 * an {@link org.siprec.api.catalog.ArchivedRecording}; and {@link org.siprec.api.catalog.CatalogEntry#pauses()}, the
 * intervals in which a recording was paused. Since 1.2, {@link org.siprec.api.catalog.RecordingQuery}: search the
 * database catalogue, one {@link org.siprec.api.catalog.StoredRecording} with its files and hold, set/clear the hold,
 * audit what a user did (the portal's REST API reads through it). Since 1.3, a search by served user,
 * direction and duration, sorted by start or duration, within a {@link org.siprec.api.catalog.RecordingSearch.Scope}
 * (what a user may see); {@link org.siprec.api.catalog.RecordingQuery#delete} ({@link org.siprec.api.catalog.Deletion})
 * and the audit trail of a recording ({@link org.siprec.api.catalog.AuditEvent}). Since 1.4,
 * {@link org.siprec.api.catalog.RecordingContent}: a recording's stored file as plaintext with random access, whether
 * it is encrypted at rest or not ({@link org.siprec.api.catalog.UnreadableContentException} when it cannot be).
 * Since 1.5, the paused intervals of a recording in {@link org.siprec.api.catalog.ArchivedRecording#pauses()} and
 * {@link org.siprec.api.catalog.StoredRecording#pauses()}, and the SRC's decision that caused a stored recording,
 * {@link org.siprec.api.catalog.StoredRecording#decision()}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.siprec.api.catalog;
