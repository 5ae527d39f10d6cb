package org.siprec.api.media;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A prompt being played toward one side of a {@link RelayStream}; see {@link RelayStream#play}.
 *
 * @since 1.2
 */
@ProviderType
public interface Playback {
    /** Why a playback ended. */
    enum Outcome {
        /** Every packet of the prompt was sent. */
        COMPLETED,
        /** {@link Playback#stop()} was called, or the stream was closed, before the end of the prompt. */
        STOPPED
    }

    /** The side that hears the prompt. */
    RelayStream.Side side();

    /** Stops sending; the listener is told {@link Outcome#STOPPED} unless the playback had already ended. */
    void stop();

    /** Whether the playback has ended (completed or stopped). */
    boolean ended();

    /** RTP packets of the prompt sent so far. */
    long packetsSent();
}
