package org.siprec.src.recording;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import org.siprec.api.compliance.AuditSink;
import org.siprec.api.event.RecordingEvent;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.ops.RecordingControlException;
import org.siprec.api.ops.RecordingControlException.Reason;
import org.siprec.api.policy.Decision;
import org.siprec.api.store.RecordingRecord;
import org.siprec.sip.dialog.DialogHandler;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.src.decision.CombinedDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A further recording of a call, beside the one its {@link CallRecorder} runs: to its own SRS group, with its own
 * {@link RecordingSession} (RS dialog, labels, metadata, copies of the media), state, recording id, catalogue row and
 * events. Asked for by a policy's verdict naming another SRS group, or started on demand to a named group. It starts
 * when the call's first recording starts (after any announcement) or at once when started on demand on a call
 * already answered. Stopping, pausing or losing it leaves the call's other recordings as they are; it is never
 * mandatory (losing it never ends the call). Every method runs on the call's serial executor; it is the
 * {@link DialogHandler} of its own RS dialogs.
 */
public final class GroupRecording implements DialogHandler, RecordingSession.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(GroupRecording.class);

    private final RecordingContext context;
    private final CommunicationSession call;
    private final RecordingEvents events;
    /** The SRS group it goes to. */
    private final String group;
    /** Which copy of the call's media it gets (1, 2, ...; copy 0 is the first recording's). */
    private final int copy;
    /** The decision behind this recording alone: the verdict that asked for it (or the start on demand). */
    private final CombinedDecision decision;
    /** Who started it on demand, or {@code null} when a policy asked for it. */
    private final String startedBy;
    private volatile RecordingState state = RecordingState.EVALUATING;
    private volatile RecordingSession session;
    private volatile SrsCandidate recorder;
    private volatile String recordingId;
    private Instant started;
    private String failure;
    private String stoppedBy;
    private final List<String> recorders = new ArrayList<>();
    private SrsCandidate lostSrs;
    private Instant lostAt;
    private boolean resuming;
    /** A start on demand waiting for an SRS's answer, or {@code null}. */
    private BiConsumer<Instant, RecordingControlException> onDemandStart;

    GroupRecording(RecordingContext context, CommunicationSession call, RecordingEvents events, String group, int copy,
            CombinedDecision decision, String startedBy) {
        this.context = context;
        this.call = call;
        this.events = events;
        this.group = group;
        this.copy = copy;
        this.decision = decision;
        this.startedBy = startedBy;
        events.requested(decision.decision().reason() + " (srs group " + group + ")",
                startedBy != null ? startedBy : RecordingEvent.ACTOR_POLICY);
    }

    /** The decision of a further recording asked for by one policy's verdict (its reason names the policy). */
    static CombinedDecision decisionOf(CombinedDecision.Requested requested, CombinedDecision call) {
        Decision d = requested.decision();
        return new CombinedDecision(new Decision(Decision.Verdict.RECORD, (requested.policy() != null ? requested.policy()
                + ": " : "") + d.reason(), false, Optional.empty(), Optional.of(requested.group()), Optional.empty()),
                call.verdicts());
    }

    public String group() {
        return group;
    }

    public RecordingState state() {
        return state;
    }

    /** The RS Call-ID the SRS accepted, or {@code null} before one did. */
    public String recordingId() {
        return recordingId;
    }

    /** The URI of the SRS recording now, or {@code null}. */
    public String srsUri() {
        SrsCandidate srs = recorder;
        RecordingState now = state;
        return srs != null && (now == RecordingState.RECORDING || now == RecordingState.PAUSED) ? srs.uri() : null;
    }

    String failure() {
        return failure;
    }

    boolean live() {
        return !state.isFinal() && state != RecordingState.EVALUATING;
    }

    private void move(RecordingState next) {
        LOG.debug("Call {}: recording to group {} {} -> {}", call.callId(), group, state, next);
        state = state.moveTo(next);
    }

    /** Offers the recording to the SRSs of its group. An unknown group fails it at once, with that reason. */
    void start(MirrorSession media, List<SdpMedia> callMedia, BiConsumer<Instant, RecordingControlException> done) {
        if (state != RecordingState.EVALUATING) {
            return;
        }
        onDemandStart = done;
        started = Instant.now();
        move(RecordingState.STARTING);
        if (!context.srs().knows(group)) {
            fail("unknown SRS group " + group + " (groups: " + context.srs().groups() + ")");
            return;
        }
        if (media == null) {
            fail("the call has no media to record");
            return;
        }
        try {
            session = new RecordingSession(context, call, decision, media, callMedia, context.srs().candidates(call, group),
                    this, copy);
            session.start();
        } catch (MediaException | RuntimeException e) {
            fail(e.toString());
        }
    }

    /** The call ended (or never got to be recorded): the session is closed and its record kept. */
    void callEnded() {
        if (session != null) {
            session.stop();
            for (String id : session.callIds()) {
                context.router().unregisterLater(id, this, context.timers());
            }
        }
        if (state.isFinal()) {
            return;
        }
        RecordingState was = state;
        if (was == RecordingState.EVALUATING) {
            move(RecordingState.STOPPED);
            events.failed(null, null, "srs group " + group + ": the call ended before the recording started");
            return;
        }
        move(RecordingState.STOPPED);
        finishOnDemandStart(null);
        if (was == RecordingState.RECORDING || was == RecordingState.PAUSED) {
            context.reporter().audit(call.callId(), AuditSink.STOPPED, recorder.uri() + "; srs group " + group);
            events.stopped(recordingId, recorder.uri(), "call ended", RecordingEvent.ACTOR_PLATFORM);
            keepRecord("completed");
        } else {
            events.failed(null, null, "srs group " + group + ": the call ended before an SRS accepted");
            keepRecord("failed: the call ended before an SRS accepted");
        }
    }

    /** Stops this recording on demand; the call and its other recordings go on. */
    Instant stop(String actor) throws RecordingControlException {
        refuseUnlessRecording();
        stoppedBy = actor;
        String srs = recorder.uri();
        session.stop();
        Instant at = Instant.now();
        move(RecordingState.STOPPED);
        context.reporter().audit(call.callId(), AuditSink.STOPPED, srs + "; srs group " + group + "; on demand by " + actor
                + ", the call goes on");
        events.stopped(recordingId, srs, "on demand", actor);
        LOG.info("Call {}: recording {} to group {} stopped on demand by {}", call.callId(), recordingId, group, actor);
        keepRecord("completed");
        return at;
    }

    Instant pause(String actor) throws RecordingControlException {
        if (state == RecordingState.PAUSED) {
            throw new RecordingControlException(Reason.ALREADY_PAUSED, "the recording of call " + call.callId()
                    + " to SRS group " + group + " is already paused");
        }
        refuseUnlessRecording();
        move(RecordingState.PAUSED);
        Instant at = session.pause();
        context.reporter().audit(call.callId(), AuditSink.PAUSED, "by " + actor + "; nothing sent to " + recorder.uri()
                + " (srs group " + group + ")");
        events.paused(recordingId, recorder.uri(), actor);
        return at;
    }

    void resume(String actor, BiConsumer<Instant, RecordingControlException> done) throws RecordingControlException {
        if (state != RecordingState.PAUSED || resuming) {
            refuseUnlessRecording();
            throw new RecordingControlException(Reason.NOT_PAUSED, "the recording of call " + call.callId()
                    + " to SRS group " + group + " is not paused" + (resuming ? " (a resume is under way)" : ""));
        }
        resuming = true;
        String srs = recorder.uri();
        session.resume(why -> {
            resuming = false;
            if (why == null && state == RecordingState.PAUSED) {
                move(RecordingState.RECORDING);
                context.reporter().audit(call.callId(), AuditSink.RESUMED, "by " + actor + "; " + srs + " accepted");
                events.resumed(recordingId, srs, actor);
                done.accept(Instant.now(), null);
            } else {
                String reason = why != null ? why : "the recording is " + state.name().toLowerCase(Locale.ROOT);
                context.reporter().audit(call.callId(), AuditSink.PAUSED, "resume by " + actor + " failed (srs group "
                        + group + "), the recording stays paused: " + reason);
                done.accept(null, new RecordingControlException(Reason.SRS_REFUSED, "call " + call.callId() + ", SRS group "
                        + group + ": " + reason + "; the recording stays paused"));
            }
        });
    }

    void mediaChanged(boolean callerSends, boolean calleeSends, List<SdpMedia> negotiated) {
        if (session != null && !state.isFinal()) {
            session.mediaChanged(callerSends, calleeSends, negotiated);
        }
    }

    private void refuseUnlessRecording() throws RecordingControlException {
        switch (state) {
            case RECORDING, PAUSED -> {
                return;
            }
            case EVALUATING, STARTING -> throw new RecordingControlException(Reason.NOT_STARTED, "the recording of call "
                    + call.callId() + " to SRS group " + group + " has not started yet: no SRS has accepted it");
            case FAILED -> throw new RecordingControlException(Reason.NOT_RECORDED, "the recording of call " + call.callId()
                    + " to SRS group " + group + " failed: " + failure);
            default -> throw new RecordingControlException(Reason.NOT_RECORDED, "the recording of call " + call.callId()
                    + " to SRS group " + group + " is not running any more" + (stoppedBy != null ? " (stopped by "
                            + stoppedBy + ")" : ""));
        }
    }

    private void fail(String why) {
        if (state.isFinal()) {
            return;
        }
        failure = why;
        move(RecordingState.FAILED);
        LOG.warn("Call {}: recording to SRS group {} failed, the call and its other recordings go on: {}", call.callId(),
                group, why);
        context.reporter().audit(call.callId(), AuditSink.FAILED, "srs group " + group + ": " + why);
        events.failed(recordingId, recorder != null ? recorder.uri() : null, "srs group " + group + ": " + why);
        keepRecord("failed: " + why);
        finishOnDemandStart(null);
    }

    private void finishOnDemandStart(Instant accepted) {
        BiConsumer<Instant, RecordingControlException> done = onDemandStart;
        onDemandStart = null;
        if (done == null) {
            return;
        }
        if (accepted != null) {
            done.accept(accepted, null);
        } else {
            done.accept(null, new RecordingControlException(Reason.SRS_REFUSED, "call " + call.callId()
                    + " could not be recorded to SRS group " + group + ": " + (failure != null ? failure : "the call ended")));
        }
    }

    private void keepRecord(String outcome) {
        Instant start = started != null ? started : Instant.now();
        String id = recordingId != null ? recordingId : call.callId() + "/not-recorded-" + group;
        context.reporter().store(new RecordingRecord(id, call.callId(),
                Optional.ofNullable(recorder).map(SrsCandidate::uri), List.of(call.caller(), call.callee()), start,
                Instant.now(), outcome, decision.summary(), recorders, call.sessionCase()));
    }

    // ------------------------------------------------------------------ RecordingSession.Listener

    @Override
    public void dialogCreated(String rsCallId) {
        context.router().register(rsCallId, this);
    }

    @Override
    public void accepted(SrsCandidate srs, String rsCallId) {
        if (state != RecordingState.STARTING) {
            return;
        }
        move(RecordingState.RECORDING);
        String previousId = recordingId;
        recorder = srs;
        recordingId = rsCallId;
        recorders.add(srs.uri());
        context.reporter().audit(call.callId(), AuditSink.STARTED, srs.uri() + "; srs group " + group
                + (startedBy != null && lostSrs == null ? "; on demand by " + startedBy : ""));
        if (lostSrs == null) {
            events.started(rsCallId, srs.uri(), startedBy != null ? startedBy : RecordingEvent.ACTOR_PLATFORM);
        } else {
            long gap = java.time.Duration.between(lostAt, Instant.now()).toMillis();
            events.moved(previousId, lostSrs.uri(), rsCallId, srs.uri(), "no copies for " + gap + " ms");
            context.reporter().audit(call.callId(), AuditSink.MOVED, "from " + lostSrs.uri() + " to " + srs.uri()
                    + "; srs group " + group + "; no copies for " + gap + " ms");
            lostSrs = null;
        }
        LOG.info("Call {}: recording to SRS group {} accepted by {} (recording session {})", call.callId(), group,
                srs.uri(), rsCallId);
        finishOnDemandStart(Instant.now());
        if (session.paused()) {
            move(RecordingState.PAUSED);
        }
    }

    @Override
    public void lost(SrsCandidate srs, String why) {
        if (state == RecordingState.RECORDING || state == RecordingState.PAUSED) {
            move(RecordingState.STARTING);
            lostSrs = srs;
            lostAt = Instant.now();
            context.reporter().audit(call.callId(), AuditSink.FAILED, srs.uri() + " " + why + "; srs group " + group
                    + "; trying the next SRS of the group");
            events.lost(srs.uri() + " " + why);
        }
    }

    @Override
    public void failed(String why) {
        fail(why);
    }

    @Override
    public void pauseNotAcknowledged(String srsUri, String why) {
        context.reporter().audit(call.callId(), AuditSink.PAUSED, srsUri + " refused the pause update (" + why
                + "); the recording stays paused, nothing is sent to it");
    }

    // ------------------------------------------------------------------ DialogHandler (its RS dialogs)

    @Override
    public Executor executor() {
        return context.events();
    }

    @Override
    public boolean accepts(String callId, InetSocketAddress source) {
        RecordingSession s = session;
        return s != null && s.fromSrs(callId, source.getAddress());
    }

    @Override
    public void onRequest(ServerTransaction transaction) {
        if (session != null) {
            session.onRequest(transaction);
        }
    }

    @Override
    public void onResponse(ResponseEvent event) {
        if (session != null) {
            session.onResponse(event);
        }
    }

    @Override
    public void onTimeout(ClientTransaction transaction) {
        if (session != null) {
            session.onTimeout(transaction);
        }
    }
}
