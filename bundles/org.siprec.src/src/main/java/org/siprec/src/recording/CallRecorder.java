package org.siprec.src.recording;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import org.siprec.api.compliance.AuditSink;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.store.RecordingRecord;
import org.siprec.sip.dialog.DialogHandler;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.src.decision.CombinedDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording of one call, from the decision at set-up to the record kept at the end, as the explicit
 * {@link RecordingState} machine. Owns the call's {@link RecordingSession} and routes its RS dialogs' events (it is
 * their {@link DialogHandler}). Every method runs on the call's serial executor. A recording failure never touches
 * the call, except when the decision made recording mandatory: then {@code releaseCall} is run.
 */
public final class CallRecorder implements DialogHandler, RecordingSession.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);

    private final RecordingContext context;
    private final CommunicationSession call;
    private final CombinedDecision decision;
    private final Runnable releaseCall;
    private RecordingState state = RecordingState.EVALUATING;
    /** Written on the call's executor, read by {@link #accepts} on the stack's receiving thread. */
    private volatile RecordingSession session;
    private Instant started;
    private SrsCandidate recorder;
    private String recordingId;
    private String failure;

    public CallRecorder(RecordingContext context, CommunicationSession call, CombinedDecision decision, Runnable releaseCall) {
        this.context = context;
        this.call = call;
        this.decision = decision;
        this.releaseCall = releaseCall;
        context.reporter().audit(call.callId(), AuditSink.DECISION, decision.summary());
        if (!decision.record()) {
            move(RecordingState.SKIPPED);
            return;
        }
        Optional<String> announcement = decision.decision().announcement();
        if (announcement.isPresent()) {
            // no announcement plugin exists yet: the decision is followed as for a prompt that cannot be played
            context.reporter().audit(call.callId(), AuditSink.ANNOUNCEMENT_UNAVAILABLE,
                    announcement.get() + ": no announcement support installed");
            LOG.warn("Call {}: announcement {} cannot be played (no announcement support installed)", call.callId(), announcement.get());
            if (decision.decision().mandatory()) {
                fail("announcement " + announcement.get() + " cannot be played");
            }
        }
    }

    /**
     * Why the call must not be set up at all: recording is mandatory and already known to be impossible (e.g. its
     * announcement cannot be played); {@code null} when the call may proceed.
     */
    public String refusesCall() {
        return state == RecordingState.FAILED && decision.decision().mandatory() ? failure : null;
    }

    public RecordingState state() {
        return state;
    }

    public CombinedDecision decision() {
        return decision;
    }

    private void move(RecordingState next) {
        LOG.debug("Call {}: recording {} -> {}", call.callId(), state, next);
        state = state.moveTo(next);
    }

    /**
     * The call was answered: offers the recording session to the SRSs (announcements cannot be played yet: one
     * asked for is audited as unavailable when the decision is taken).
     *
     * @param media       the call's media session, whose streams are forked to the SRS
     * @param callMedia   the call's negotiated m= lines
     */
    public void callAnswered(MirrorSession media, List<SdpMedia> callMedia) {
        if (state != RecordingState.EVALUATING) {
            return;
        }
        started = Instant.now();
        move(RecordingState.STARTING);
        if (media == null) {
            fail("the call has no media to record");
            return;
        }
        try {
            session = new RecordingSession(context, call, decision, media, callMedia, context.srs().candidates(call), this);
            session.start();
        } catch (MediaException | RuntimeException e) {
            fail(e.toString());
        }
    }

    /** Who sends media changed (hold/resume) or the codec did: the SRS gets a metadata update. */
    public void mediaChanged(boolean callerSends, boolean calleeSends, List<SdpMedia> negotiated) {
        if (session != null && !state.isFinal()) {
            session.mediaChanged(callerSends, calleeSends, negotiated);
        }
    }

    /** Stops sending media to the SRS while the recording session stays up. */
    public boolean pause() {
        if (state != RecordingState.RECORDING) {
            return false;
        }
        move(RecordingState.PAUSED);
        session.paused(true);
        context.reporter().audit(call.callId(), AuditSink.PAUSED, recorder.uri());
        return true;
    }

    public boolean resume() {
        if (state != RecordingState.PAUSED) {
            return false;
        }
        move(RecordingState.RECORDING);
        session.paused(false);
        context.reporter().audit(call.callId(), AuditSink.RESUMED, recorder.uri());
        return true;
    }

    /** The call ended: the recording session is closed and its record kept. */
    public void callEnded() {
        if (session != null) {
            session.stop();
        }
        // a recording that failed earlier still has its RS dialogs routed: they go with the call
        unregisterDialogs();
        if (state.isFinal()) {
            return;
        }
        boolean wasRecording = state == RecordingState.RECORDING || state == RecordingState.PAUSED;
        move(RecordingState.STOPPED);
        if (wasRecording) {
            context.reporter().audit(call.callId(), AuditSink.STOPPED, recorder.uri());
            keepRecord("completed");
        } else if (started != null) {
            keepRecord("failed: the call ended before an SRS accepted");
        }
    }

    private void fail(String why) {
        if (state.isFinal()) {
            return;
        }
        boolean callAnswered = state != RecordingState.EVALUATING;
        failure = why;
        move(RecordingState.FAILED);
        context.reporter().audit(call.callId(), AuditSink.FAILED, why);
        keepRecord("failed: " + why);
        if (decision.decision().mandatory() && callAnswered) {
            LOG.warn("Call {}: recording is mandatory ({}) and failed, the call is released", call.callId(), decision.decision().reason());
            releaseCall.run();
        }
    }

    private void keepRecord(String outcome) {
        Instant start = started != null ? started : Instant.now();
        String id = recordingId != null ? recordingId : call.callId() + "/not-recorded";
        context.reporter().store(new RecordingRecord(id, call.callId(),
                Optional.ofNullable(recorder).map(SrsCandidate::uri), List.of(call.caller(), call.callee()), start,
                Instant.now(), outcome, decision.summary()));
    }

    private void unregisterDialogs() {
        if (session != null) {
            for (String id : session.callIds()) {
                context.router().unregisterLater(id, this, context.timers());
            }
        }
    }

    /** Why the recording failed, or {@code null}. */
    public String failure() {
        return failure;
    }

    // ------------------------------------------------------------------ RecordingSession.Listener

    @Override
    public void dialogCreated(String rsCallId) {
        context.router().register(rsCallId, this);
    }

    @Override
    public void accepted(SrsCandidate srs, String rsCallId) {
        if (state == RecordingState.STARTING) {
            move(RecordingState.RECORDING);
            recorder = srs;
            recordingId = rsCallId;
            context.reporter().audit(call.callId(), AuditSink.STARTED, srs.uri());
        }
    }

    @Override
    public void lost(SrsCandidate srs, String why) {
        if (state == RecordingState.RECORDING || state == RecordingState.PAUSED) {
            move(RecordingState.STARTING);
            context.reporter().audit(call.callId(), AuditSink.FAILED, srs.uri() + " " + why + "; trying the next SRS");
        }
    }

    @Override
    public void failed(String why) {
        fail(why);
    }

    // ------------------------------------------------------------------ DialogHandler (RS dialogs)

    @Override
    public Executor executor() {
        return context.events();
    }

    /** Requests in an RS dialog only from that dialog's SRS (where the RS INVITE went and its answers came from). */
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
