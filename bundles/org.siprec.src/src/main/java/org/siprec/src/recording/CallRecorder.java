package org.siprec.src.recording;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import java.util.ArrayList;
import org.siprec.api.compliance.AnnouncementPrompts;
import org.siprec.api.compliance.AuditSink;
import org.siprec.api.compliance.Prompt;
import org.siprec.api.directory.FeatureCodes;
import org.siprec.api.compliance.PromptUnavailableException;
import org.siprec.api.event.RecordingEvent;
import org.siprec.api.media.Playback;
import org.siprec.api.media.RelayStream;
import org.siprec.api.media.RelayStream.Side;
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
 * The recording of one call, from the decision at set-up to the record kept at the end, as the explicit
 * {@link RecordingState} machine. Owns the call's {@link RecordingSession} and routes its RS dialogs' events (it is
 * their {@link DialogHandler}). Every method runs on the call's serial executor. A recording failure never touches
 * the call, except when the decision made recording mandatory: then {@code releaseCall} is run.
 */
public final class CallRecorder implements DialogHandler, RecordingSession.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);

    private final RecordingContext context;
    private final CommunicationSession call;
    /** The decision at set-up; replaced by an on-demand RECORD by {@link #startOnDemand}. Read by other threads. */
    private volatile CombinedDecision decision;
    /** Ends the answered call (BYE to both legs with an RFC 3326 Reason carrying this text). */
    private final java.util.function.Consumer<String> releaseCall;
    /** The recording events posted on the EventAdmin, at the points where the audit trail is written. */
    private final RecordingEvents events;
    /** Written on the call's executor; read by the operational views ({@code siprec:calls}, the HTTP call list). */
    private volatile RecordingState state = RecordingState.EVALUATING;
    /** Written on the call's executor, read by {@link #accepts} on the stack's receiving thread. */
    private volatile RecordingSession session;
    private Instant started;
    private MirrorSession media;
    private List<SdpMedia> callMedia;
    /** The SRS recording the call now; read by the operational views. */
    private volatile SrsCandidate recorder;
    private volatile String recordingId;
    private String failure;
    /** The announcement to play on answer, when the decision names one and it is available. */
    private Prompt prompt;
    /** The prompts playing (ANNOUNCING only); each removes itself when it ends. */
    private final List<Playback> playing = new ArrayList<>();
    /**
     * The caller's prompt was started in early media ({@link #callEarly}), before the answer; {@code answered} says
     * whether the answer has come since, {@code calleePromptDue} that the callee's prompt is still to be played.
     */
    private boolean early;
    private boolean answered;
    private boolean calleePromptDue;
    /** Who started the recording on demand ({@link #startOnDemand}), or {@code null}. */
    private String startedBy;
    /** Who stopped the recording on demand ({@link #stopOnDemand}), or {@code null}. */
    private String stoppedBy;
    /** Every SRS that accepted the recording, in order (more than one when it moved mid-call). */
    private final List<String> recorders = new ArrayList<>();
    /** The SRS lost mid-call and when, until another one takes the recording; {@code null} otherwise. */
    private SrsCandidate lostSrs;
    private Instant lostAt;
    /** Runs out the grace time of a mandatory recording that lost its SRS; {@code null} when none is running. */
    private java.util.concurrent.ScheduledFuture<?> graceTimer;
    /** A resume waits for the SRS's answer. */
    private boolean resuming;
    /** The last DTMF digits each side sent (A, B), to match the pause and resume sequences. */
    private final StringBuilder[] digits = {new StringBuilder(), new StringBuilder()};
    /** The recording's place in its company's quota ({@link RecordingLimits}), released when the recording ends. */
    private RecordingLimits.Admission admission;
    /** Stops the recording when its maximum duration is reached ({@link #maxDurationReached}); {@code null} when none runs. */
    private java.util.concurrent.ScheduledFuture<?> limitTimer;
    /** Told of every state change (the a=record indication toward record-aware parties). */
    private RecordingIndication indication = RecordingIndication.NONE;
    /**
     * The call's further recordings, each to its own SRS group (policies' verdicts naming other groups, starts on
     * demand to a group); the first recording is this class's own. Changed on the call's executor, read by the views.
     */
    private final List<GroupRecording> others = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The last copy of the call's media given to a further recording (copy 0 is the first recording's). */
    private int copies;

    public CallRecorder(RecordingContext context, CommunicationSession call, CombinedDecision decision,
            java.util.function.Consumer<String> releaseCall) {
        this.context = context;
        this.call = call;
        this.decision = decision;
        this.releaseCall = releaseCall;
        this.events = context.reporter().events(call);
        context.reporter().audit(call.callId(), AuditSink.DECISION, decision.summary());
        if (decision.record()) {
            events.requested(decision.decision().reason(), RecordingEvent.ACTOR_POLICY);
        }
        if (!decision.record()) {
            move(RecordingState.SKIPPED);
            return;
        }
        String refusal = admit();
        if (refusal != null) {
            fail(refusal, "recording refused: " + refusal); // mandatory: the call is refused at set-up (refusesCall)
            return;
        }
        // the company's quota counts the call's first recording; further recordings (other SRS groups) come with it
        List<CombinedDecision.Requested> requested = decision.recordings();
        for (CombinedDecision.Requested further : requested.subList(1, requested.size())) {
            others.add(new GroupRecording(context, call, events, further.group(), ++copies,
                    GroupRecording.decisionOf(further, decision), null));
        }
        Optional<String> announcement = decision.decision().announcement();
        if (announcement.isPresent()) {
            AnnouncementPrompts prompts = context.prompts();
            if (prompts == null) {
                announcementUnavailable(announcement.get(), "no announcement support installed");
            } else {
                try {
                    // answered from memory (the provider loaded its files in advance): safe on the call's thread
                    prompt = prompts.prompt(announcement.get(), call);
                    LOG.debug("Call {}: announcement {} will be played", call.callId(), prompt);
                } catch (PromptUnavailableException | RuntimeException e) {
                    announcementUnavailable(announcement.get(), e.getMessage());
                }
            }
        }
    }

    /**
     * The announcement cannot be played: audited; the call is recorded without it, or, when the decision is
     * mandatory, not recorded at all (so refused at set-up, released once answered).
     */
    private void announcementUnavailable(String announcement, String why) {
        context.reporter().audit(call.callId(), AuditSink.ANNOUNCEMENT_UNAVAILABLE, announcement + ": " + why);
        LOG.warn("Call {}: announcement {} cannot be played: {}", call.callId(), announcement, why);
        if (decision.decision().mandatory()) {
            fail("announcement " + announcement + " cannot be played"); // the detail is in the audit entry
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

    /** The URI of the SRS recording the call now, or {@code null} when none does (safe from any thread). */
    public String srsUri() {
        SrsCandidate srs = recorder;
        RecordingState now = state;
        return srs != null && (now == RecordingState.RECORDING || now == RecordingState.PAUSED) ? srs.uri() : null;
    }

    public CombinedDecision decision() {
        return decision;
    }

    private void move(RecordingState next) {
        LOG.debug("Call {}: recording {} -> {}", call.callId(), state, next);
        state = state.moveTo(next);
        if (next.isFinal()) {
            releaseLimits(); // however the recording ends, its company's place is given back
        }
        indication.stateChanged(next);
    }

    // ------------------------------------------------------------------ limits (RecordingLimits)

    /**
     * Takes a place in the company's quota for this recording; the reason it may not start, or {@code null}. Logged
     * and audited once (the call's recording then fails, or an on-demand start is refused).
     */
    private String admit() {
        RecordingLimits limits = context.limits();
        if (limits == null) {
            return null;
        }
        admission = limits.admit(call);
        if (admission.admitted()) {
            return null;
        }
        LOG.info("Call {}: recording not started: {}", call.callId(), admission.refusal());
        return admission.refusal();
    }

    private void releaseLimits() {
        if (admission != null) {
            admission.release();
        }
        if (limitTimer != null) {
            limitTimer.cancel(false);
            limitTimer = null;
        }
    }

    /** The first SRS accepted: the recording's maximum duration, if any, runs from now (moves and pauses do not reset it). */
    private void startLimitTimer() {
        Optional<java.time.Duration> limit = decision.decision().maxDuration();
        if (limit.isEmpty() || limitTimer != null) {
            return;
        }
        limitTimer = context.timers().schedule(() -> context.events().execute(this::maxDurationReached),
                limit.get().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * On the call's executor: the recording has run for its maximum duration. It stops as a stop on demand does (the
     * copies stop, the SRS gets the BYE, the record is kept) and the call goes on unrecorded; a mandatory recording
     * too, since the limit is the policy's own word.
     */
    private void maxDurationReached() {
        limitTimer = null;
        if (state != RecordingState.RECORDING && state != RecordingState.PAUSED && state != RecordingState.STARTING) {
            return; // ended meanwhile
        }
        stopGrace();
        long seconds = decision.decision().maxDuration().map(java.time.Duration::toSeconds).orElse(0L);
        String srs = recorder != null ? recorder.uri() : null;
        session.stop();
        move(RecordingState.STOPPED);
        finishOnDemandStart(null);
        context.reporter().audit(call.callId(), AuditSink.STOPPED, srs + "; max-duration " + seconds + " s reached ("
                + decision.limitSource() + "), the call goes on");
        events.stopped(recordingId, srs, "max-duration", RecordingEvent.ACTOR_PLATFORM);
        LOG.info("Call {}: recording stopped after its maximum duration of {} s; the call goes on", call.callId(), seconds);
        keepRecord("completed: max-duration");
    }

    /** Who is told of the recording's state changes ({@link RecordingIndication}); set once, before the call is answered. */
    public void indication(RecordingIndication indication) {
        this.indication = indication;
    }

    /**
     * The call was answered. With an announcement to play: the two sides are kept apart, the prompt plays toward the
     * side(s) configured, and only when it has ended are they bridged and the recording session offered
     * ({@link #announcementEnded}). Without one, the recording session is offered to the SRSs at once.
     *
     * @param media       the call's media session, whose streams are forked to the SRS
     * @param callMedia   the call's negotiated m= lines
     */
    public void callAnswered(MirrorSession media, List<SdpMedia> callMedia) {
        if (early && state == RecordingState.ANNOUNCING && !answered) {
            answered = true;
            this.callMedia = callMedia;
            calleePromptDue = hears(Side.B);
            if (playing.isEmpty()) {
                afterEarlyPrompt(); // the caller's prompt ended before the answer
            }
            return; // else the caller hears the rest of it first (announcementEnded)
        }
        if (state == RecordingState.SKIPPED && this.callMedia == null) {
            // kept for a recording started on demand later (startOnDemand, also by a DTMF feature code)
            this.media = media;
            this.callMedia = callMedia;
            watchDtmf();
            return;
        }
        if (state != RecordingState.EVALUATING) {
            return;
        }
        started = Instant.now();
        this.media = media;
        this.callMedia = callMedia;
        watchDtmf();
        if (prompt != null && media != null && (hears(Side.A) || hears(Side.B)) && announce(media, callMedia)) {
            return;
        }
        if (prompt != null && media != null) {
            LOG.info("Call {}: announcement {} not played: its audience is told by a=record instead", call.callId(),
                    prompt.announcement());
        }
        startRecording();
    }

    /**
     * Whether the caller's prompt is to be played in early media, before the callee answers (SRC configuration
     * {@code announcement.moment=early}): an announcement is due and the caller is in its audience.
     */
    public boolean announcesToCallerEarly() {
        return state == RecordingState.EVALUATING && prompt != null && hears(Side.A);
    }

    /**
     * The caller has been sent a 183 with the relay's answer (the callee is being alerted): the prompt plays to the
     * caller now on the stream of that answer ({@code answerToCaller}: its first audio m= line, one G.711 format);
     * the sides stay apart until the prompt has ended <em>and</em> the callee answered ({@link #callAnswered}).
     *
     * @return {@code false} when it cannot be played (audited as unavailable; a mandatory decision then fails the
     *         recording and releases the call); the announcement is then not played at the answer either
     */
    public boolean callEarly(MirrorSession media, List<SdpMedia> answerToCaller) {
        if (!announcesToCallerEarly() || media == null) {
            return false;
        }
        started = Instant.now();
        this.media = media;
        try {
            RelayStream stream = media.stream(answerToCaller.get(0).index());
            stream.bridged(false); // the callee's early media does not reach the caller, nor it the callee
            playing.add(stream.play(Side.A, Integer.parseInt(answerToCaller.get(0).formats().get(0)), prompt.pcm(),
                    (playback, outcome) -> context.events().execute(() -> announcementEnded(playback, outcome))));
        } catch (MediaException | RuntimeException e) {
            for (RelayStream stream : media.streams()) {
                stream.bridged(true);
            }
            Prompt unplayable = prompt;
            prompt = null; // recorded without it on answer (or released now when mandatory)
            announcementUnavailable(unplayable.announcement(), e.getMessage());
            return false;
        }
        early = true;
        move(RecordingState.ANNOUNCING);
        LOG.info("Call {}: announcement {} playing to the caller in early media, before the answer", call.callId(), prompt);
        return true;
    }

    /** The caller's early prompt has ended and the callee answered: the callee's own prompt, if due, then recording. */
    private void afterEarlyPrompt() {
        if (calleePromptDue) {
            calleePromptDue = false;
            try {
                RelayStream stream = media.stream(firstAudio(callMedia).index());
                playing.add(stream.play(Side.B, Integer.parseInt(firstAudio(callMedia).formats().get(0)), prompt.pcm(),
                        (playback, outcome) -> context.events().execute(() -> announcementEnded(playback, outcome))));
                LOG.info("Call {}: announcement {} playing to the callee", call.callId(), prompt);
                return;
            } catch (MediaException | RuntimeException e) {
                announcementUnavailable(prompt.announcement(), "to the callee: " + e.getMessage());
                if (state.isFinal()) {
                    return;
                }
            }
        }
        LOG.info("Call {}: announcement {} ended and the callee answered; bridging the parties and starting the recording",
                call.callId(), prompt.announcement());
        for (RelayStream stream : media.streams()) {
            stream.bridged(true);
        }
        startRecording();
    }

    private static SdpMedia firstAudio(List<SdpMedia> callMedia) throws MediaException {
        return callMedia.stream().filter(m -> "audio".equals(m.type()) && m.port() != 0 && !m.formats().isEmpty())
                .findFirst().orElseThrow(() -> new MediaException("the call has no audio stream to play it on"));
    }

    /** Whether {@code side} hears the announcement: in its audience and not told by a=record instead of it. */
    private boolean hears(Side side) {
        return (side == Side.A ? prompt.audience().caller() : prompt.audience().callee()) && indication.hearsAnnouncement(side);
    }

    /**
     * Starts the prompt toward the side(s) configured on the first audio stream, in its negotiated payload type.
     * When it cannot be played (no audio stream, a codec other than G.711, no ports) the announcement is audited as
     * unavailable and the decision followed: recorded without it, or released when mandatory.
     *
     * @return {@code false} only when there is nothing to play on and recording may start as usual
     */
    private boolean announce(MirrorSession media, List<SdpMedia> callMedia) {
        move(RecordingState.ANNOUNCING); // so that a mandatory failure from here on releases the answered call
        SdpMedia audio = callMedia.stream().filter(m -> "audio".equals(m.type()) && m.port() != 0
                && !m.formats().isEmpty()).findFirst().orElse(null);
        try {
            if (audio == null) {
                throw new MediaException("the call has no audio stream to play it on");
            }
            int payloadType;
            try {
                payloadType = Integer.parseInt(audio.formats().get(0));
            } catch (NumberFormatException e) {
                throw new MediaException("the negotiated format " + audio.formats().get(0) + " is not RTP/AVP");
            }
            RelayStream stream = media.stream(audio.index());
            stream.bridged(false); // the parties hear each other only after the announcement
            for (Side side : List.of(Side.A, Side.B)) {
                if (hears(side)) {
                    playing.add(stream.play(side, payloadType, prompt.pcm(),
                            (playback, outcome) -> context.events().execute(() -> announcementEnded(playback,
                                    outcome))));
                }
            }
            LOG.info("Call {}: announcement {} playing before recording", call.callId(), prompt);
        } catch (MediaException | RuntimeException e) {
            new ArrayList<>(playing).forEach(Playback::stop);
            playing.clear();
            for (RelayStream stream : media.streams()) {
                stream.bridged(true);
            }
            announcementUnavailable(prompt.announcement(), e.getMessage());
            if (!state.isFinal()) {
                startRecording();
            }
        }
        return true;
    }

    /** On the call's executor: one prompt ended; when all have, the parties are bridged and recording starts. */
    private void announcementEnded(Playback playback, Playback.Outcome outcome) {
        playing.remove(playback);
        if (state != RecordingState.ANNOUNCING || !playing.isEmpty()) {
            return; // the call ended meanwhile (STOPPED), or the other side's prompt still plays
        }
        if (early) {
            if (answered) {
                afterEarlyPrompt();
            } else {
                LOG.info("Call {}: announcement {} {} in early media; waiting for the callee's answer", call.callId(),
                        prompt.announcement(), outcome.name().toLowerCase(java.util.Locale.ROOT));
            }
            return;
        }
        LOG.info("Call {}: announcement {} {}; bridging the parties and starting the recording", call.callId(),
                prompt.announcement(), outcome.name().toLowerCase(java.util.Locale.ROOT));
        for (RelayStream stream : media.streams()) {
            stream.bridged(true);
        }
        startRecording();
    }

    private void startRecording() {
        move(RecordingState.STARTING);
        startOthers();
        if (media == null) {
            fail("the call has no media to record");
            return;
        }
        String group = group();
        if (!context.srs().knows(group)) {
            fail("unknown SRS group " + group + " (groups: " + context.srs().groups() + ")");
            return;
        }
        try {
            session = new RecordingSession(context, call, decision, media, callMedia, context.srs().candidates(call, group), this);
            session.start();
        } catch (MediaException | RuntimeException e) {
            fail(e.toString());
        }
    }

    /** The SRS group of the call's first recording. */
    private String group() {
        return decision.decision().srsGroup().orElse(SrsSelector.DEFAULT_GROUP);
    }

    /** The further recordings not started yet start with the first one (after any announcement). */
    private void startOthers() {
        for (GroupRecording other : others) {
            other.start(media, callMedia, null);
        }
    }

    /** The call's further recordings (beside the first, which this class runs), for the views. */
    public List<GroupRecording> others() {
        return List.copyOf(others);
    }

    /** The RS Call-ID of the first recording, or {@code null} before an SRS accepted it. */
    public String recordingId() {
        return recordingId;
    }

    /** The SRS group of the first recording. */
    public String srsGroup() {
        return group();
    }

    /**
     * With DTMF feature codes in force for this call, listens to the telephone-events of the first audio stream that
     * negotiated {@code telephone-event} (RFC 4733) from the answer on, so that a start code works on a call that is
     * not recorded; the digits are matched on the call's executor.
     */
    private void watchDtmf() {
        DtmfCodes codes = context.dtmf();
        if (codes == null || !codes.enabled() || media == null || callMedia == null || dtmfWatched) {
            return;
        }
        dtmfWatched = true;
        for (SdpMedia m : callMedia) {
            if (!"audio".equals(m.type()) || m.port() == 0) {
                continue;
            }
            for (String pt : m.formats()) {
                org.siprec.sip.sdp.RtpMap map = m.rtpmap(pt);
                if (map != null && "telephone-event".equalsIgnoreCase(map.encoding())) {
                    try {
                        media.stream(m.index()).telephoneEvents(Integer.parseInt(pt),
                                (side, event) -> context.events().execute(() -> dtmf(side, event)));
                        LOG.debug("Call {}: DTMF feature codes {} watched on payload type {}", call.callId(), codes, pt);
                    } catch (MediaException | RuntimeException e) {
                        LOG.info("Call {}: DTMF feature codes not available: {}", call.callId(), e.toString());
                    }
                    return;
                }
            }
        }
        LOG.debug("Call {}: no telephone-event negotiated, DTMF feature codes not available", call.callId());
    }

    /** The call has ended ({@link #callEnded}): DTMF digits still queued are ignored. */
    private boolean callEnded;

    /** Whether {@link #watchDtmf} has run for this call (it listens once, from the answer on). */
    private boolean dtmfWatched;

    /**
     * On the call's executor: a DTMF digit from a party; when the digits it sent end with a feature code, that action
     * is asked as by the shell, with actor {@code dtmf:caller} or {@code dtmf:callee}. An action the recording's
     * state does not allow (e.g. start on a recorded call) is logged and otherwise ignored; the stop of a mandatory
     * recording is refused and audited by {@link #stopOnDemand}.
     */
    private void dtmf(Side side, int event) {
        char c = DtmfCodes.digit(event);
        if (c == 0 || callEnded) {
            return; // a digit queued before the call ended must not start a recording of a call that is gone
        }
        StringBuilder sent = digits[side.ordinal()];
        sent.append(c);
        if (sent.length() > 16) {
            sent.delete(0, sent.length() - 16);
        }
        DtmfCodes codes = context.dtmf();
        Optional<FeatureCodes.Action> action = codes.match(sent);
        if (action.isEmpty()) {
            return;
        }
        String actor = "dtmf:" + (side == Side.A ? "caller" : "callee");
        String text = sent.toString();
        sent.setLength(0);
        try {
            switch (action.get()) {
                case START -> startOnDemand(actor, (time, failure) -> {
                    if (failure != null) {
                        LOG.warn("Call {}: recording start by {} failed: {}", call.callId(), actor, failure.getMessage());
                    }
                });
                case STOP -> stopOnDemand(actor);
                case PAUSE -> pause(actor);
                case RESUME -> resume(actor, (time, failure) -> {
                    if (failure != null) {
                        LOG.warn("Call {}: DTMF resume failed: {}", call.callId(), failure.getMessage());
                    }
                });
            }
        } catch (RecordingControlException e) {
            LOG.info("Call {}: DTMF {} ({} by {}) ignored: {}", call.callId(), text,
                    action.get().key(), actor, e.getMessage());
        }
    }

    /** Who sends media changed (hold/resume) or the codec did: the SRS gets a metadata update. */
    public void mediaChanged(boolean callerSends, boolean calleeSends, List<SdpMedia> negotiated) {
        if (session != null && !state.isFinal()) {
            session.mediaChanged(callerSends, calleeSends, negotiated);
        }
        for (GroupRecording other : others) {
            other.mediaChanged(callerSends, calleeSends, negotiated);
        }
    }

    /**
     * Pauses the recording (PCI-safe: the copies stop before the SRS is told, see {@link RecordingSession#pause}).
     *
     * @param actor who asked, for the audit trail
     * @return when the copies stopped
     */
    public Instant pause(String actor) throws RecordingControlException {
        return pause(actor, null);
    }

    /**
     * Pauses one recording of the call (named by its recording id), or all that can be ({@code recordingId} null):
     * refused, with the first recording's reason, only when none could be paused.
     */
    public Instant pause(String actor, String recordingId) throws RecordingControlException {
        GroupRecording named = named(recordingId);
        if (named != null) {
            return named.pause(actor);
        }
        if (recordingId != null) {
            return pauseFirst(actor);
        }
        Instant at = null;
        RecordingControlException refusal = null;
        try {
            at = pauseFirst(actor);
        } catch (RecordingControlException e) {
            refusal = e;
        }
        for (GroupRecording other : others) {
            if (other.state() == RecordingState.RECORDING) {
                at = other.pause(actor);
            }
        }
        if (at == null) {
            throw refusal;
        }
        return at;
    }

    /**
     * The further recording with this recording id; {@code null} when the id is {@code null} or is the first
     * recording's.
     *
     * @throws RecordingControlException when no recording of the call has that id
     */
    private GroupRecording named(String id) throws RecordingControlException {
        if (id == null || id.equals(recordingId)) {
            return null;
        }
        for (GroupRecording other : others) {
            if (id.equals(other.recordingId())) {
                return other;
            }
        }
        throw new RecordingControlException(Reason.NOT_RECORDED, "call " + call.callId() + " has no recording " + id
                + " (siprec:calls lists its recordings)");
    }

    private Instant pauseFirst(String actor) throws RecordingControlException {
        if (state == RecordingState.PAUSED) {
            throw new RecordingControlException(Reason.ALREADY_PAUSED, "the recording of call " + call.callId()
                    + " is already paused" + (resuming ? " (a resume is waiting for the SRS's answer)" : ""));
        }
        refuseUnlessRecording();
        move(RecordingState.PAUSED);
        Instant at = session.pause();
        context.reporter().audit(call.callId(), AuditSink.PAUSED, "by " + actor + "; nothing sent to " + recorder.uri());
        events.paused(recordingId, recorder.uri(), actor);
        LOG.info("Call {}: recording paused by {}", call.callId(), actor);
        return at;
    }

    /**
     * Resumes a paused recording: the SRS is offered the streams again; the copies restart when it accepts. {@code done}
     * hears, on the call's executor, the time it accepted, or why the recording stays paused.
     */
    public void resume(String actor, java.util.function.BiConsumer<Instant, RecordingControlException> done)
            throws RecordingControlException {
        resume(actor, null, done);
    }

    /**
     * Resumes one paused recording of the call (named by its recording id), or every paused one ({@code recordingId}
     * null): {@code done} hears the last acceptance once every SRS answered, or the first refusal when none accepted.
     */
    public void resume(String actor, String recordingId, java.util.function.BiConsumer<Instant, RecordingControlException> done)
            throws RecordingControlException {
        GroupRecording named = named(recordingId);
        if (named != null) {
            named.resume(actor, done);
            return;
        }
        List<GroupRecording> paused = recordingId != null ? List.of()
                : others.stream().filter(o -> o.state() == RecordingState.PAUSED).toList();
        if (paused.isEmpty()) {
            resumeFirst(actor, done);
            return;
        }
        boolean first = state == RecordingState.PAUSED && !resuming;
        int[] waiting = {paused.size() + (first ? 1 : 0)};
        Instant[] accepted = {null};
        RecordingControlException[] refused = {null};
        java.util.function.BiConsumer<Instant, RecordingControlException> each = (time, failure) -> {
            if (time != null) {
                accepted[0] = time;
            } else if (refused[0] == null) {
                refused[0] = failure;
            }
            if (--waiting[0] == 0) {
                done.accept(accepted[0], accepted[0] != null ? null : refused[0]);
            }
        };
        if (first) {
            resumeFirst(actor, each);
        }
        for (GroupRecording other : paused) {
            try {
                other.resume(actor, each);
            } catch (RecordingControlException e) {
                each.accept(null, e);
            }
        }
    }

    private void resumeFirst(String actor, java.util.function.BiConsumer<Instant, RecordingControlException> done)
            throws RecordingControlException {
        if (state != RecordingState.PAUSED) {
            refuseUnlessRecording();
            throw new RecordingControlException(Reason.NOT_PAUSED, "the recording of call " + call.callId() + " is not paused");
        }
        if (resuming) {
            throw new RecordingControlException(Reason.NOT_PAUSED, "the recording of call " + call.callId()
                    + " is already being resumed (waiting for the SRS's answer)");
        }
        resuming = true;
        String srs = recorder.uri();
        session.resume(failure -> {
            resuming = false;
            if (failure == null && state == RecordingState.PAUSED) {
                move(RecordingState.RECORDING);
                context.reporter().audit(call.callId(), AuditSink.RESUMED, "by " + actor + "; " + srs + " accepted");
                events.resumed(recordingId, srs, actor);
                LOG.info("Call {}: recording resumed by {}", call.callId(), actor);
                done.accept(Instant.now(), null);
            } else {
                String why = failure != null ? failure : "the recording is " + state.name().toLowerCase(java.util.Locale.ROOT);
                context.reporter().audit(call.callId(), AuditSink.PAUSED, "resume by " + actor
                        + " failed, the recording stays paused: " + why);
                LOG.warn("Call {}: resume failed, the recording stays paused: {}", call.callId(), why);
                done.accept(null, new RecordingControlException(Reason.SRS_REFUSED, "call " + call.callId()
                        + ": " + why + "; the recording stays paused"));
            }
        });
    }

    /**
     * Starts recording a call that no policy chose to record, once it is answered: the decision becomes
     * {@code RECORD (on demand by <actor>)} (which the metadata and the record carry, the policies' verdicts kept),
     * then the recording session is offered to the SRSs as for a policy's RECORD decision. {@code done} hears, on
     * the call's executor, the time an SRS accepted, or why none did.
     */
    public void startOnDemand(String actor, java.util.function.BiConsumer<Instant, RecordingControlException> done)
            throws RecordingControlException {
        startOnDemand(actor, null, done);
    }

    /**
     * Starts a recording on demand to an SRS group: the call's first recording when it is not recorded (as
     * {@link #startOnDemand(String, java.util.function.BiConsumer)}, to that group), else a further recording beside
     * the running ones, refused when the call is already recorded to that group. {@code group} null: the first form.
     */
    public void startOnDemand(String actor, String group, java.util.function.BiConsumer<Instant, RecordingControlException> done)
            throws RecordingControlException {
        if (group != null && state != RecordingState.SKIPPED) {
            startFurther(actor, group.strip(), done);
            return;
        }
        switch (state) {
            case SKIPPED -> {
                if (callMedia == null) {
                    throw new RecordingControlException(Reason.NOT_ANSWERED, "call " + call.callId()
                            + " is not answered yet; a recording can be started once it is");
                }
            }
            case EVALUATING -> throw new RecordingControlException(decision.record() ? Reason.ALREADY_RECORDED : Reason.NOT_ANSWERED,
                    "call " + call.callId() + " is not answered yet" + (decision.record()
                            ? " and will be recorded (decision: " + decision.summary() + ")" : "; a recording can be started once it is"));
            case STOPPED -> throw new RecordingControlException(Reason.ALREADY_RECORDED, "the recording of call " + call.callId()
                    + " was stopped" + (stoppedBy != null ? " by " + stoppedBy : "") + "; one recording per call");
            case FAILED -> throw new RecordingControlException(Reason.ALREADY_RECORDED, "the recording of call " + call.callId()
                    + " failed (" + failure + "); one recording per call");
            default -> throw new RecordingControlException(Reason.ALREADY_RECORDED, "call " + call.callId()
                    + " is already recorded (" + state.name().toLowerCase(java.util.Locale.ROOT) + "; decision: "
                    + decision.decision().verdict() + " (" + decision.decision().reason() + "))");
        }
        String refusal = admit();
        if (refusal != null) {
            context.reporter().audit(call.callId(), AuditSink.FAILED, refusal + "; start on demand by " + actor + " refused");
            throw new RecordingControlException(Reason.SRS_REFUSED, "call " + call.callId() + " is not recorded: " + refusal
                    + "; the call goes on unrecorded");
        }
        startedBy = actor;
        RecordingLimits limits = context.limits();
        Decision onDemand = Decision.record("on demand by " + actor);
        if (group != null) {
            onDemand = onDemand.toSrsGroup(group.strip());
        }
        decision = new CombinedDecision(limits != null ? limits.applyTo(onDemand) : onDemand, decision.verdicts());
        context.reporter().audit(call.callId(), AuditSink.DECISION, decision.summary());
        events.requested("on demand", actor);
        LOG.info("Call {}: recording started on demand by {}", call.callId(), actor);
        onDemandStart = done;
        started = Instant.now();
        startRecording();
        if (state == RecordingState.FAILED) {
            finishOnDemandStart(null);
        }
    }

    /** A further recording on demand, to {@code group}, beside the call's running recording(s). */
    private void startFurther(String actor, String group, java.util.function.BiConsumer<Instant, RecordingControlException> done)
            throws RecordingControlException {
        if (callEnded) {
            throw new RecordingControlException(Reason.NOT_RECORDED, "call " + call.callId() + " has ended");
        }
        if (state == RecordingState.EVALUATING) {
            throw new RecordingControlException(Reason.NOT_ANSWERED, "call " + call.callId()
                    + " is not answered yet; a recording can be started once it is");
        }
        if (state == RecordingState.ANNOUNCING) {
            throw new RecordingControlException(Reason.NOT_STARTED, "call " + call.callId()
                    + " is hearing its announcement; a further recording can be started once it has ended");
        }
        if (group.equals(group()) && !state.isFinal()) {
            throw new RecordingControlException(Reason.ALREADY_RECORDED, "call " + call.callId()
                    + " is already recorded to SRS group " + group + " (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        for (GroupRecording other : others) {
            if (other.group().equals(group) && !other.state().isFinal()) {
                throw new RecordingControlException(Reason.ALREADY_RECORDED, "call " + call.callId()
                        + " is already recorded to SRS group " + group + " (" + other.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        CombinedDecision further = new CombinedDecision(Decision.record("on demand by " + actor).toSrsGroup(group),
                decision.verdicts());
        context.reporter().audit(call.callId(), AuditSink.DECISION, further.summary());
        LOG.info("Call {}: further recording to SRS group {} started on demand by {}", call.callId(), group, actor);
        GroupRecording other = new GroupRecording(context, call, events, group, ++copies, further, actor);
        others.add(other);
        other.start(media, callMedia, done);
    }

    /** The start on demand waiting for an SRS's answer, or {@code null}. */
    private java.util.function.BiConsumer<Instant, RecordingControlException> onDemandStart;

    private void finishOnDemandStart(Instant accepted) {
        java.util.function.BiConsumer<Instant, RecordingControlException> done = onDemandStart;
        onDemandStart = null;
        if (done == null) {
            return;
        }
        if (accepted != null) {
            done.accept(accepted, null);
        } else {
            done.accept(null, new RecordingControlException(Reason.SRS_REFUSED, "call " + call.callId()
                    + " could not be recorded: " + (failure != null ? failure : "the call ended") + "; the call goes on unrecorded"));
        }
    }

    /**
     * Stops the call's recording on demand: the copies stop, the SRS gets the BYE, the record is kept; the call goes
     * on unrecorded. Refused when the decision made recording mandatory.
     *
     * @return when the copies stopped
     */
    public Instant stopOnDemand(String actor) throws RecordingControlException {
        return stopOnDemand(actor, null);
    }

    /**
     * Stops one recording of the call (named by its recording id), or every one that may be stopped
     * ({@code recordingId} null): a mandatory first recording refuses (audited) while the others stop; refused, with
     * the first recording's reason, only when none stopped.
     */
    public Instant stopOnDemand(String actor, String recordingId) throws RecordingControlException {
        GroupRecording named = named(recordingId);
        if (named != null) {
            return named.stop(actor);
        }
        if (recordingId != null) {
            return stopFirst(actor);
        }
        Instant at = null;
        RecordingControlException refusal = null;
        for (GroupRecording other : others) {
            if (other.state() == RecordingState.RECORDING || other.state() == RecordingState.PAUSED) {
                at = other.stop(actor);
            }
        }
        try {
            at = stopFirst(actor);
        } catch (RecordingControlException e) {
            refusal = e;
        }
        if (at == null) {
            throw refusal;
        }
        return at;
    }

    private Instant stopFirst(String actor) throws RecordingControlException {
        refuseUnlessRecording();
        if (decision.decision().mandatory()) {
            context.reporter().audit(call.callId(), AuditSink.STOPPED, "stop by " + actor + " refused: recording is mandatory ("
                    + decision.decision().reason() + ")");
            LOG.info("Call {}: stop of a mandatory recording by {} refused", call.callId(), actor);
            throw new RecordingControlException(Reason.MANDATORY, "the recording of call " + call.callId()
                    + " is mandatory (" + decision.decision().reason() + ") and cannot be stopped");
        }
        stoppedBy = actor;
        String srs = recorder.uri();
        session.stop();
        Instant at = Instant.now();
        move(RecordingState.STOPPED);
        context.reporter().audit(call.callId(), AuditSink.STOPPED, srs + "; on demand by " + actor + ", the call goes on");
        events.stopped(recordingId, srs, "on demand", actor);
        LOG.info("Call {}: recording stopped on demand by {}; the call goes on", call.callId(), actor);
        keepRecord("completed");
        return at;
    }

    /** Throws the reason why a call that is neither recording nor paused cannot be paused or resumed. */
    private void refuseUnlessRecording() throws RecordingControlException {
        switch (state) {
            case RECORDING, PAUSED -> {
                return;
            }
            case EVALUATING -> {
                if (!decision.record()) {
                    break;
                }
                throw new RecordingControlException(Reason.NOT_STARTED, "call " + call.callId()
                        + " is not answered yet; its recording has not started");
            }
            case ANNOUNCING, STARTING -> throw new RecordingControlException(Reason.NOT_STARTED, "the recording of call "
                    + call.callId() + " has not started yet (" + state.name().toLowerCase(java.util.Locale.ROOT)
                    + "): no SRS has accepted it");
            case FAILED -> throw new RecordingControlException(Reason.NOT_RECORDED, "call " + call.callId()
                    + " is not recorded: " + failure);
            case STOPPED -> {
                if (stoppedBy != null) {
                    throw new RecordingControlException(Reason.NOT_RECORDED, "call " + call.callId()
                            + " is not recorded any more (stopped by " + stoppedBy + ")");
                }
            }
            default -> {
                // SKIPPED
            }
        }
        throw new RecordingControlException(Reason.NOT_RECORDED, "call " + call.callId() + " is not recorded ("
                + (decision.record() ? "its recording " + state.name().toLowerCase(java.util.Locale.ROOT) : "decision: " + decision.summary()) + ")");
    }

    /** The call ended: the recording session is closed and its record kept. */
    public void callEnded() {
        stopGrace();
        releaseLimits();
        callEnded = true;
        if (!playing.isEmpty()) {
            // hang-up or cancel during the announcement: no recording session was opened, none is left behind
            new ArrayList<>(playing).forEach(Playback::stop);
            playing.clear();
        }
        if (session != null) {
            session.stop();
        }
        for (GroupRecording other : others) {
            other.callEnded();
        }
        // a recording that failed earlier still has its RS dialogs routed: they go with the call
        unregisterDialogs();
        if (state.isFinal()) {
            return;
        }
        boolean wasRecording = state == RecordingState.RECORDING || state == RecordingState.PAUSED;
        boolean wasAnnouncing = state == RecordingState.ANNOUNCING;
        move(RecordingState.STOPPED);
        finishOnDemandStart(null); // a start on demand still waiting for an SRS hears that the call ended
        if (wasRecording) {
            context.reporter().audit(call.callId(), AuditSink.STOPPED, recorder.uri());
            events.stopped(recordingId, recorder.uri(), "call ended", RecordingEvent.ACTOR_PLATFORM);
            keepRecord("completed");
        } else if (started != null) {
            events.failed(null, null, wasAnnouncing ? "the call ended during the announcement"
                    : "the call ended before an SRS accepted");
            keepRecord(wasAnnouncing ? "failed: the call ended during the announcement"
                    : "failed: the call ended before an SRS accepted");
        } else if (decision.record()) {
            events.failed(null, null, "the call ended before it was answered"); // REQUESTED at set-up: a final event
        }
    }

    private void fail(String why) {
        fail(why, "mandatory recording unavailable");
    }

    /** @param releaseText the Reason text of the BYEs when the decision is mandatory and the call is answered */
    private void fail(String why, String releaseText) {
        if (state.isFinal()) {
            return;
        }
        boolean callAnswered = state != RecordingState.EVALUATING;
        failure = why;
        move(RecordingState.FAILED);
        context.reporter().audit(call.callId(), AuditSink.FAILED, why);
        events.failed(recordingId, recorder != null ? recorder.uri() : null, why);
        keepRecord("failed: " + why);
        finishOnDemandStart(null);
        if (decision.decision().mandatory() && callAnswered) {
            LOG.warn("Call {}: recording is mandatory ({}) and failed, the call is released: {}", call.callId(),
                    decision.decision().reason(), why);
            releaseCall.accept(releaseText);
        }
    }

    private void keepRecord(String outcome) {
        Instant start = started != null ? started : Instant.now();
        String id = recordingId != null ? recordingId : call.callId() + "/not-recorded";
        context.reporter().store(new RecordingRecord(id, call.callId(),
                Optional.ofNullable(recorder).map(SrsCandidate::uri), List.of(call.caller(), call.callee()), start,
                Instant.now(), outcome, decision.summary(), recorders, call.sessionCase()));
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
            String previousId = recordingId;
            recorder = srs;
            recordingId = rsCallId;
            recorders.add(srs.uri());
            // recording.started for every SRS that accepts, as before moves were audited: sinks that follow the
            // recordings in progress per SRS (the metrics) see the new SRS; recording.moved then tells the gap
            context.reporter().audit(call.callId(), AuditSink.STARTED, srs.uri()
                    + (startedBy != null && lostSrs == null ? "; on demand by " + startedBy : ""));
            if (lostSrs == null) {
                events.started(rsCallId, srs.uri(), startedBy != null ? startedBy : RecordingEvent.ACTOR_PLATFORM);
            }
            if (lostSrs != null) {
                long gap = java.time.Duration.between(lostAt, Instant.now()).toMillis();
                events.moved(previousId, lostSrs.uri(), rsCallId, srs.uri(), "no copies for " + gap + " ms");
                context.reporter().audit(call.callId(), AuditSink.MOVED, "from " + lostSrs.uri() + " to " + srs.uri()
                        + "; no copies for " + gap + " ms");
                LOG.info("Call {}: recording moved from {} to {} (new recording session {}); no copies for {} ms",
                        call.callId(), lostSrs.uri(), srs.uri(), rsCallId, gap);
                lostSrs = null;
            }
            if (graceTimer != null) {
                stopGrace();
                lastGraceFailure = null;
                LOG.info("Call {}: mandatory recording re-established on {} within its grace time", call.callId(), srs.uri());
            }
            finishOnDemandStart(Instant.now());
            startLimitTimer();
            if (session.paused()) {
                // an SRS taking over a paused recording was offered it inactive and gets nothing until a resume
                move(RecordingState.PAUSED);
            }
        }
    }

    @Override
    public void lost(SrsCandidate srs, String why) {
        if (state == RecordingState.RECORDING || state == RecordingState.PAUSED) {
            move(RecordingState.STARTING);
            lostSrs = srs;
            lostAt = Instant.now();
            context.reporter().audit(call.callId(), AuditSink.FAILED, srs.uri() + " " + why + "; trying the next SRS"
                    + (decision.decision().mandatory() ? " (mandatory: the call ends unless an SRS takes the recording within "
                            + graceSeconds() + " s)" : ""));
            events.lost(srs.uri() + " " + why);
            if (decision.decision().mandatory() && graceTimer == null) {
                startGrace();
            }
        }
    }

    @Override
    public void failed(String why) {
        if (graceTimer != null && state == RecordingState.STARTING) {
            // within the grace time: ask the SRS adapter again shortly (an SRS may come back or another be offered)
            long retryMillis = Math.min(GRACE_RETRY_MILLIS, Math.max(1, java.time.Duration.between(Instant.now(),
                    lostAt.plus(context.mandatory().grace())).toMillis()));
            LOG.info("Call {}: no SRS took the mandatory recording yet ({}); asking again in {} ms", call.callId(), why, retryMillis);
            lastGraceFailure = why;
            context.timers().schedule(() -> context.events().execute(this::retryWithinGrace), retryMillis,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        fail(why);
    }

    // ------------------------------------------------------------------ mandatory recording: grace time

    /** How often a mandatory recording without SRS asks the adapter again during its grace time. */
    private static final long GRACE_RETRY_MILLIS = 1000;
    /** Why the last attempt within the grace time failed, for the audit entry when it runs out. */
    private String lastGraceFailure;
    /** Counts grace times, so that the expiry of one already ended (queued before it was cancelled) does nothing. */
    private int graceRound;

    private long graceSeconds() {
        return context.mandatory().grace().toSeconds();
    }

    /**
     * A mandatory recording lost its SRS: the fail-over goes on as for any recording, and the grace timer starts; if
     * no SRS has accepted when it runs out the call is released ({@link #graceExpired}).
     */
    private void startGrace() {
        LOG.warn("Call {}: mandatory recording lost its SRS; the call is released unless an SRS takes it within {} s",
                call.callId(), graceSeconds());
        int round = ++graceRound;
        graceTimer = context.timers().schedule(() -> context.events().execute(() -> graceExpired(round)),
                context.mandatory().grace().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void stopGrace() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    private void retryWithinGrace() {
        if (graceTimer != null && state == RecordingState.STARTING && session != null) {
            session.retry(context.srs().candidates(call, group()));
        }
    }

    /** On the call's executor: the grace time ran out with no SRS recording the call: the call is released. */
    private void graceExpired(int round) {
        if (graceTimer == null || round != graceRound || state != RecordingState.STARTING) {
            return; // an SRS took it, or the call ended, meanwhile
        }
        graceTimer = null;
        session.stop(); // an RS INVITE still waiting for an answer is cancelled
        String why = "no SRS took the recording within the mandatory grace time of " + graceSeconds() + " s"
                + (lastGraceFailure != null ? " (" + lastGraceFailure + ")" : "") + "; the call is released";
        fail(why, "mandatory recording lost: no SRS within " + graceSeconds() + " s");
    }

    @Override
    public void pauseNotAcknowledged(String srsUri, String why) {
        context.reporter().audit(call.callId(), AuditSink.PAUSED, srsUri + " refused the pause update (" + why
                + "); the recording stays paused, nothing is sent to it");
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
