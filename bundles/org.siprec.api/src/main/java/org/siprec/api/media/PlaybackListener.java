package org.siprec.api.media;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told once when a {@link Playback} ends. Called on the media engine's own thread: do not block, hand the event to
 * the call's thread.
 *
 * @since 1.2
 */
@ConsumerType
@FunctionalInterface
public interface PlaybackListener {
    void ended(Playback playback, Playback.Outcome outcome);
}
