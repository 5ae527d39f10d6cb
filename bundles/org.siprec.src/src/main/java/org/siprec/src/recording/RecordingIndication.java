package org.siprec.src.recording;

import org.siprec.api.media.RelayStream.Side;

/**
 * What the parties of a call are told about its recording besides (or instead of) the announcement: the SDP
 * {@code a=record} indication toward record-aware UAs (RFC 7866 section 6.1). The {@link CallRecorder} calls it on
 * the call's executor; an implementation must not call back into the recorder from {@link #stateChanged} (it runs in
 * the middle of a transition): it schedules its work on the executor instead.
 */
public interface RecordingIndication {
    /** Tells nobody anything and lets everyone hear the announcement. */
    RecordingIndication NONE = new RecordingIndication() {
        @Override
        public void stateChanged(RecordingState state) {
        }

        @Override
        public boolean hearsAnnouncement(Side side) {
            return true;
        }
    };

    /** The recording moved to {@code state}. */
    void stateChanged(RecordingState state);

    /**
     * Whether {@code side} still hears the announcement when the decision names one; {@code false} when that party
     * is told by the SDP indication instead (configuration {@code record.aware.announcement=false}).
     */
    boolean hearsAnnouncement(Side side);
}
