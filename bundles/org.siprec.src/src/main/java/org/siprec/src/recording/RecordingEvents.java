package org.siprec.src.recording;

import java.util.HashMap;
import java.util.Map;
import org.siprec.api.event.RecordingEvent;
import org.siprec.api.model.CommunicationSession;

/**
 * The recording events of one call ({@link RecordingEvent}): built on the call's executor at the points where the
 * audit trail is written, numbered in order, and handed to the {@link RecordingReporter}, which posts them from its
 * own thread (so that the events of a call keep their order and a call never waits for an EventAdmin). Nothing is
 * built when no EventAdmin is there to post to.
 */
final class RecordingEvents {
    private final CommunicationSession call;
    private final RecordingReporter reporter;
    /** Only touched on the call's executor. */
    private long sequence;
    /** Why the SRS was lost, until another one takes the recording ({@link #moved}); no event of its own. */
    private String lostWhy;

    RecordingEvents(CommunicationSession call, RecordingReporter reporter) {
        this.call = call;
        this.reporter = reporter;
    }

    void requested(String reason, String actor) {
        post(RecordingEvent.REQUESTED, null, null, reason, actor);
    }

    void started(String recordingId, String srs, String actor) {
        post(RecordingEvent.STARTED, recordingId, srs, null, actor);
    }

    void paused(String recordingId, String srs, String actor) {
        post(RecordingEvent.PAUSED, recordingId, srs, null, actor);
    }

    void resumed(String recordingId, String srs, String actor) {
        post(RecordingEvent.RESUMED, recordingId, srs, null, actor);
    }

    void stopped(String recordingId, String srs, String reason, String actor) {
        post(RecordingEvent.STOPPED, recordingId, srs, reason, actor);
    }

    void failed(String recordingId, String srs, String reason) {
        post(RecordingEvent.FAILED, recordingId, srs, reason, RecordingEvent.ACTOR_PLATFORM);
    }

    /** The SRS was lost mid-call and the next one is being offered the recording: told by {@link #moved} or {@link #failed}. */
    void lost(String why) {
        lostWhy = why;
    }

    void moved(String previousId, String previousSrs, String recordingId, String srs, String gap) {
        String reason = lostWhy != null ? lostWhy + "; " + gap : gap;
        lostWhy = null;
        Map<String, Object> p = properties(recordingId, srs, reason, RecordingEvent.ACTOR_PLATFORM);
        if (p != null) {
            putIfKnown(p, RecordingEvent.PREVIOUS_RECORDING_ID, previousId);
            putIfKnown(p, RecordingEvent.PREVIOUS_SRS, previousSrs);
            reporter.post(RecordingEvent.MOVED, p, call);
        }
    }

    private void post(String topic, String recordingId, String srs, String reason, String actor) {
        Map<String, Object> p = properties(recordingId, srs, reason, actor);
        if (p != null) {
            reporter.post(topic, p, call);
        }
    }

    /** The common properties, or {@code null} when no EventAdmin is there (no garbage per call then). */
    private Map<String, Object> properties(String recordingId, String srs, String reason, String actor) {
        if (!reporter.postsEvents()) {
            return null;
        }
        Map<String, Object> p = new HashMap<>();
        p.put(RecordingEvent.CALL_ID, call.callId());
        p.put(RecordingEvent.TIMESTAMP, System.currentTimeMillis());
        p.put(RecordingEvent.SEQUENCE, ++sequence);
        putIfKnown(p, RecordingEvent.RECORDING_ID, recordingId);
        putIfKnown(p, RecordingEvent.SRS, srs);
        putIfKnown(p, RecordingEvent.REASON, reason);
        putIfKnown(p, RecordingEvent.ACTOR, actor);
        return p;
    }

    private static void putIfKnown(Map<String, Object> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }
}
