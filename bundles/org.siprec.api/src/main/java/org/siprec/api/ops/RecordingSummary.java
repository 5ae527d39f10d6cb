package org.siprec.api.ops;

/**
 * One recording of a live call, for operational views: a call may hold several at once, each to its own SRS group.
 *
 * @param recordingId the recording session's id (its RS Call-ID, as the catalogue keeps it), or {@code null} before an
 *                    SRS accepted it
 * @param srsGroup    the SRS group it goes to ({@code default} unless a policy or an on-demand start named one)
 * @param state       its state ({@code STARTING}, {@code RECORDING}, {@code PAUSED}, {@code STOPPED}, {@code FAILED}, ...)
 * @param srs         the URI of the SRS recording it now, or {@code null} when none does
 * @since 1.6
 */
public record RecordingSummary(String recordingId, String srsGroup, String state, String srs) {
}
