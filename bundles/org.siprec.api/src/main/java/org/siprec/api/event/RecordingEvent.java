package org.siprec.api.event;

import java.util.List;

/**
 * Topics and property names of the recording events the SRC posts (asynchronously, {@code postEvent}) on the OSGi
 * EventAdmin, one per change of a recording's state. The events of one call are posted in the order they happened,
 * from one thread, so an EventAdmin that keeps the order of one poster (Felix EventAdmin does) delivers them in order.
 * <p>
 * A recording goes {@link #REQUESTED} → {@link #STARTED} → ({@link #PAUSED} ⇄ {@link #RESUMED} | {@link #MOVED})*
 * → {@link #STOPPED} or {@link #FAILED}; a {@link #REQUESTED} recording that no SRS accepted ends in {@link #FAILED}.
 * Every recording that was requested ends in exactly one {@link #STOPPED} or {@link #FAILED}.
 */
public final class RecordingEvent {
    /** The prefix of every topic; subscribe to {@link #TOPIC_ALL} for all of them. */
    public static final String TOPIC_PREFIX = "org/siprec/recording/";
    /** All recording events (an EventHandler's {@code event.topics}). */
    public static final String TOPIC_ALL = TOPIC_PREFIX + "*";

    /** A recording was decided: by the policies at call set-up, or on demand by {@link #ACTOR}. */
    public static final String REQUESTED = TOPIC_PREFIX + "REQUESTED";
    /** An SRS accepted the recording session: {@link #SRS} and {@link #RECORDING_ID} are known from here on. */
    public static final String STARTED = TOPIC_PREFIX + "STARTED";
    /** Nothing is sent to the SRS any more until {@link #RESUMED}. */
    public static final String PAUSED = TOPIC_PREFIX + "PAUSED";
    /** The SRS accepted the resume; copies flow again. */
    public static final String RESUMED = TOPIC_PREFIX + "RESUMED";
    /** The recording ended: with the call, or stopped on demand ({@link #REASON} says which). Final. */
    public static final String STOPPED = TOPIC_PREFIX + "STOPPED";
    /** The recording could not be set up, or was lost with no SRS left to take it; {@link #REASON} says why. Final. */
    public static final String FAILED = TOPIC_PREFIX + "FAILED";
    /**
     * The SRS was lost mid-call and another one took the recording as a new recording session: {@link #SRS} and
     * {@link #RECORDING_ID} are the new ones, {@link #PREVIOUS_SRS} and {@link #PREVIOUS_RECORDING_ID} the old ones.
     */
    public static final String MOVED = TOPIC_PREFIX + "MOVED";

    /** Every topic, in the order of the life cycle. */
    public static final List<String> TOPICS = List.of(REQUESTED, STARTED, PAUSED, RESUMED, MOVED, STOPPED, FAILED);

    /** String: the Call-ID of the call as it arrived (A-leg). Always present. */
    public static final String CALL_ID = "call.id";
    /**
     * String: the recording's identifier, the Call-ID of its recording session with the SRS (the identifier of the
     * recording catalogue); present from {@link #STARTED} on.
     */
    public static final String RECORDING_ID = "recording.id";
    /** String: the company of the call's served user in the subscriber directory; absent when not known. */
    public static final String COMPANY = "company";
    /** String: the URI of the SRS recording the call; present from {@link #STARTED} on. */
    public static final String SRS = "srs";
    /** String ({@link #MOVED} only): the SRS that was lost. */
    public static final String PREVIOUS_SRS = "previous.srs";
    /** String ({@link #MOVED} only): the recording id of the lost recording session. */
    public static final String PREVIOUS_RECORDING_ID = "previous.recording.id";
    /** String: why (the decision's reason, why it failed or stopped, why it moved); absent when there is nothing to say. */
    public static final String REASON = "reason";
    /**
     * String: who caused it: the user or command of an on-demand action (e.g. {@code shell:karaf},
     * {@code dtmf:caller}), {@code policy} for the decision at set-up, {@code platform} for what the SRC did itself.
     */
    public static final String ACTOR = "actor";
    /** Long: when it happened, milliseconds since the epoch (the EventAdmin's {@code timestamp}). */
    public static final String TIMESTAMP = "timestamp";
    /** Long: 1, 2, 3 … per call, in the order the events happened: a receiver can check the order and see gaps. */
    public static final String SEQUENCE = "sequence";

    /** The {@link #ACTOR} of the decision at set-up. */
    public static final String ACTOR_POLICY = "policy";
    /** The {@link #ACTOR} of what the SRC did itself (an SRS accepted, the call ended, an SRS was lost). */
    public static final String ACTOR_PLATFORM = "platform";

    private RecordingEvent() {
    }

    /** The state named by a topic, e.g. {@code STARTED} for {@link #STARTED}. */
    public static String state(String topic) {
        return topic.substring(topic.lastIndexOf('/') + 1);
    }
}
