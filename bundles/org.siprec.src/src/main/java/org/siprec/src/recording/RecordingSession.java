package org.siprec.src.recording;


import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.api.model.CommunicationSession;
import org.siprec.metadata.DataMode;
import org.siprec.metadata.Extension;
import org.siprec.metadata.MetadataException;
import org.siprec.metadata.MetadataFormat;
import org.siprec.metadata.MetadataWriter;
import org.siprec.metadata.RecordingMetadata;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.dialog.DialogPeers;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.sip.sdp.SessionDescriptionEditor;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.src.decision.CombinedDecision;
import org.siprec.src.recording.RecordingMetadataBuilder.Recorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 7866 recording session (RS) of one call: the SRC's dialog with an SRS, its SDP (one sendonly m= line per
 * direction of each call stream) and RFC 7865 metadata. Runs on the call's serial executor. Failures are contained:
 * the next SRS is tried, and when none accepts, the {@link Listener} hears that recording failed.
 */
final class RecordingSession {
    /** What the owner of a recording session hears (on the call's executor). */
    interface Listener {
        /** A new RS dialog exists under this Call-ID: route its events here. */
        void dialogCreated(String rsCallId);

        /** An SRS accepted (again, after a fail-over); media is forked to it. */
        void accepted(SrsCandidate srs, String rsCallId);

        /** The SRS that was recording ended the session; the next SRS is being tried. */
        void lost(SrsCandidate srs, String why);

        /** No SRS could take the recording. */
        void failed(String why);

        /**
         * The SRS refused the pause update (or did not answer it). Nothing is sent to it all the same: the recording
         * stays paused.
         */
        void pauseNotAcknowledged(String srsUri, String why);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordingSession.class);

    /** The RS dialog's own state; the call's recording state is kept by {@link CallRecorder}. */
    private enum State {
        INVITING, RECORDING, FAILED, STOPPED
    }

    private final RecordingContext context;
    private final SipEndpoint sip;
    private final String callId;
    private final CommunicationSession call;
    private final MirrorSession media;
    private final Deque<SrsCandidate> targets;
    private final List<Recorded> recorded;
    private final List<ForkStream> forks = new ArrayList<>();
    private List<SdpMedia> callMedia;
    /** SRTP to the current SRS (its URI's {@code srtp} parameter) and the crypto lines offered to it, or {@code null}. */
    private SrtpMode srtpMode = SrtpMode.OFF;
    private List<String> offeredCrypto;
    private final RecordingMetadataBuilder metadata;
    private final MetadataWriter writer = new MetadataWriter();
    private final RsMessages messages;
    private final Set<String> rsCallIds = new HashSet<>();
    /** Each RS dialog's SRS address(es), read on the stack's receiving thread by {@link #fromSrs}. */
    private final Map<String, DialogPeers> srsPeers = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Listener listener;

    private State state = State.INVITING;
    private SrsCandidate target;
    /** What the SDP offers: {@code inactive} while paused, {@code sendonly} otherwise. */
    private boolean paused;
    /**
     * Whether the copies to the SRS are held back by a pause: set at once on pause, cleared only when the SRS has
     * accepted the resume update (so it is still set while the resume re-INVITE is pending).
     */
    private boolean copiesHeld;
    private Instant pausedAt;
    /** The pause extension element for the next update, or {@code null}. */
    private Extension pauseMark;
    /** The pause element the pending pause or resume re-INVITE carries; cleared once that one is answered. */
    private Extension markInFlight;
    /** The pause update not yet accepted by the SRS; its refusal is reported. */
    private boolean pauseUnconfirmed;
    private ClientTransaction pauseInvite;
    /** Told once the SRS answered the resume update: {@code null} when accepted, else why not. */
    private java.util.function.Consumer<String> resumeDone;
    private ClientTransaction resumeInvite;
    private String rsCallId;
    private ClientTransaction invite;
    private ClientTransaction reinvite;
    private Dialog dialog;
    private RecordingMetadata lastSent;
    private boolean callerSends = true;
    private boolean calleeSends = true;
    private boolean updatePending;
    private boolean upgradedToTcp;
    /** Whether the SRS gets in-dialog OPTIONS keep-alives (mandatory recordings, keep-alive configured). */
    private final boolean keepAlive;
    private java.util.concurrent.ScheduledFuture<?> keepAliveTimer;
    /** The keep-alive OPTIONS not answered yet (final response), or {@code null}. */
    private ClientTransaction keepAliveProbe;

    RecordingSession(RecordingContext context, CommunicationSession call, CombinedDecision decision, MirrorSession media,
            List<SdpMedia> callMedia, List<SrsCandidate> targets, Listener listener) throws MediaException {
        this(context, call, decision, media, callMedia, targets, listener, 0);
    }

    /**
     * @param copy which copy of the call's media this session sends ({@link org.siprec.api.media.RelayStream#fork(Side, int)}):
     *             0 for the call's first recording, another number for each further recording of the call
     */
    RecordingSession(RecordingContext context, CommunicationSession call, CombinedDecision decision, MirrorSession media,
            List<SdpMedia> callMedia, List<SrsCandidate> targets, Listener listener, int copy) throws MediaException {
        this.context = context;
        this.sip = context.sip();
        this.callId = call.callId();
        this.call = call;
        this.media = media;
        this.callMedia = callMedia;
        this.targets = new ArrayDeque<>(targets);
        this.listener = listener;
        this.messages = new RsMessages(context.sip(), callId, context.mediaAddress());
        List<Recorded> directions = new ArrayList<>();
        for (SdpMedia m : callMedia) {
            if (m.port() == 0) {
                continue;
            }
            for (Side side : Side.values()) {
                directions.add(new Recorded(Integer.toString(directions.size() + 1), m.index(), side));
                forks.add(media.stream(m.index()).fork(side, copy));
            }
        }
        this.recorded = List.copyOf(directions);
        this.metadata = new RecordingMetadataBuilder(call, Instant.now(), recorded, decision);
        MandatoryRecording mandatory = context.mandatory();
        this.keepAlive = decision.decision().mandatory() && mandatory != null && !mandatory.keepalive().isZero();
    }

    /** The RS dialogs' Call-IDs so far (one per SRS tried). */
    Set<String> callIds() {
        return Set.copyOf(rsCallIds);
    }

    /** The SRS that accepted the recording, or {@code null}. */
    SrsCandidate recorder() {
        return state == State.RECORDING ? target : null;
    }

    /** The current RS dialog's Call-ID, or {@code null}. */
    String currentCallId() {
        return rsCallId;
    }

    boolean owns(String callId) {
        return rsCallIds.contains(callId);
    }

    // ------------------------------------------------------------------ set-up and fail-over

    void start() {
        if (recorded.isEmpty()) {
            fail("no media stream to record");
            return;
        }
        tryNext();
    }

    /**
     * Offers the recording again after every SRS failed ({@link Listener#failed}): to {@code candidates}, in order.
     * Used within the grace time of a mandatory recording; ignored unless the session had failed.
     */
    void retry(List<SrsCandidate> candidates) {
        if (state != State.FAILED) {
            return;
        }
        failures.clear();
        targets.addAll(candidates);
        tryNext();
    }

    private void tryNext() {
        stopKeepAlive();
        stopForks();
        pauseInvite = null;
        resumeInvite = null;
        if (resumeDone != null) {
            // the SRS that was to resume is gone; the next one is offered the streams as they are (inactive)
            paused = true;
            finishResume("the SRS ended the recording session before accepting the resume");
        }
        dialog = null;
        invite = null;
        reinvite = null;
        updatePending = false; // the next SRS gets the complete metadata, which includes any pending change
        target = targets.poll();
        if (target == null) {
            fail(failures.isEmpty() ? "no SRS available (no healthy SRS adapter offered one)"
                    : "no SRS accepted: " + String.join("; ", failures));
            return;
        }
        state = State.INVITING;
        try {
            offer(!context.srs().tcpRefused(messages.hostPort(target.uri())));
        } catch (Exception e) {
            if (upgradedToTcp) {
                context.srs().tcpRefusedBy(messages.hostPort(target.uri()));
                // RFC 3261 18.1.1: TCP was chosen only for size; when the SRS refuses TCP, retry over UDP
                LOG.info("Call {}: SRS {} refused TCP ({}), retrying over UDP", callId, target.uri(), e.getMessage());
                try {
                    offer(false);
                    return;
                } catch (Exception again) {
                    e = again;
                }
            }
            String reason = rootReason(e); // a TLS handshake's reason (untrusted certificate, ...) is in the causes
            failures.add(target.uri() + ": " + reason);
            if (e instanceof SrtpUnavailableException) {
                LOG.warn("Call {}: SRS {} skipped: {}", callId, target.uri(), e.getMessage()); // ours, not the SRS's fault
            } else {
                LOG.warn("Call {}: SRS {} not reached: {}", callId, target.uri(), reason);
                context.srs().report(target, new SrsOutcome(SrsOutcome.Kind.UNREACHABLE, reason));
            }
            tryNext();
        }
    }

    /** The message of the innermost cause: the stack wraps socket and TLS errors in SipExceptions. */
    static String rootReason(Throwable e) {
        String reason = String.valueOf(e.getMessage());
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null) {
                reason = e.getMessage() + ": " + t.getMessage();
            }
        }
        return reason;
    }

    private void offer(boolean mayUpgrade) throws Exception {
        upgradedToTcp = false; // not left over from the previous SRS when keying fails before the INVITE is built
        keyCopies();
        lastSent = metadata.snapshot(DataMode.COMPLETE, !callerSends, !calleeSends, null);
        byte[] body = messages.body(sdpOffer(), writer.write(lastSent));
        RsMessages.Invite built = messages.invite(target.uri(), body, mayUpgrade);
        upgradedToTcp = built.upgradedToTcp();
        Request request = built.request();
        rsCallId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        rsCallIds.add(rsCallId);
        listener.dialogCreated(rsCallId);
        invite = sip.provider().getNewClientTransaction(request);
        invite.setRetransmitTimer(sip.t1Millis());
        dialog = sip.provider().getNewDialog(invite);
        srsPeers.computeIfAbsent(rsCallId, id -> new DialogPeers()).add(DialogPeers.destination(invite));
        invite.sendRequest();
        LOG.debug("Call {}: recording session {} offered to {}{}", callId, rsCallId, target.uri(), upgradedToTcp ? " over TCP (size)" : "");
    }

    /** One sendonly m= line per recorded direction, labelled as in the metadata (RFC 7866 section 8.1.1). */
    private String sdpOffer() {
        return messages.offer(recorded, callMedia, forks, paused, offeredCrypto);
    }

    /** An SRS that cannot be offered what its URI asks for (SRTP from a mirror that cannot encrypt). */
    static final class SrtpUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        SrtpUnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Before each offer to an SRS: fresh SRTP keys for the copies when its URI asks for SRTP (each SRS its own keys),
     * else plain copies.
     *
     * @throws SrtpUnavailableException when SRTP is required and the media mirror cannot encrypt
     */
    private void keyCopies() throws SrtpUnavailableException {
        srtpMode = SrtpMode.of(target.uri());
        offeredCrypto = null;
        if (srtpMode != SrtpMode.OFF) {
            try {
                List<String> crypto = new ArrayList<>();
                for (ForkStream fork : forks) {
                    crypto.add(fork.srtpOffer());
                }
                offeredCrypto = List.copyOf(crypto);
                return;
            } catch (UnsupportedOperationException e) {
                if (srtpMode == SrtpMode.REQUIRE) {
                    forks.forEach(ForkStream::plainRtp);
                    throw new SrtpUnavailableException("srtp=require but " + e.getMessage());
                }
                LOG.info("Call {}: SRS {}: srtp=offer but {}: plain RTP offered", callId, target.uri(), e.getMessage());
            }
        }
        forks.forEach(ForkStream::plainRtp);
    }

    /**
     * Checks an SRS's answer against the SRTP offered: {@code null} when acceptable (copies of streams answered
     * RTP/AVP under {@code srtp=offer} switched to plain RTP), else why the SRS counts as refusing.
     */
    private String srtpRefusal(String sdp, List<SdpMedia> answer) {
        if (offeredCrypto == null) {
            return null;
        }
        List<List<String>> crypto = SrtpMode.cryptoByMediaLine(sdp);
        for (int i = 0; i < forks.size() && i < answer.size(); i++) {
            SdpMedia m = answer.get(i);
            if (m.port() == 0) {
                continue;
            }
            boolean savp = m.proto().toUpperCase(java.util.Locale.ROOT).startsWith("RTP/SAVP");
            boolean keyed = savp && i < crypto.size() && SrtpMode.accepts(crypto.get(i));
            if (keyed) {
                continue;
            }
            if (srtpMode == SrtpMode.REQUIRE) {
                return "answered stream " + recorded.get(i).label() + " " + (savp ? "without a matching a=crypto"
                        : "as " + m.proto()) + " although srtp=require";
            }
            if (forks.get(i).srtp()) {
                forks.get(i).plainRtp();
                LOG.info("Call {}: SRS {} answered stream {} as {}: its copies go as plain RTP (srtp=offer)", callId,
                        target.uri(), recorded.get(i).label(), m.proto());
            }
        }
        return null;
    }

    /** Whether a request in RS dialog {@code callId} comes from the SRS that dialog was set up with. */
    boolean fromSrs(String callId, InetAddress source) {
        DialogPeers peers = callId == null ? null : srsPeers.get(callId);
        return peers != null && peers.contains(source);
    }

    // ------------------------------------------------------------------ responses

    void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        String id = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        int status = response.getStatusCode();
        DialogPeers peers = srsPeers.get(id);
        if (peers != null) {
            peers.add(DialogPeers.source(event));
        }
        if (!id.equals(rsCallId)) {
            // a late answer from an SRS given up on: do not leave it recording
            if (Request.INVITE.equals(cseq.getMethod()) && status / 100 == 2 && event.getDialog() != null) {
                ackAndBye(event.getDialog(), cseq.getSeqNumber());
            }
            return;
        }
        if (Request.OPTIONS.equals(cseq.getMethod())) {
            keepAliveAnswered(event.getClientTransaction(), status, response.getReasonPhrase());
            return;
        }
        if (!Request.INVITE.equals(cseq.getMethod()) || status < 200) {
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        boolean initial = ct == invite || ct == null && state == State.INVITING;
        if (status / 100 == 2) {
            if (event.getDialog() != null) {
                ack(event.getDialog(), cseq.getSeqNumber());
            }
            if (state == State.STOPPED) {
                bye();
                return;
            }
            if (ct != null && ct == resumeInvite) {
                // the SRS accepted sendonly again: only now do the copies restart
                copiesHeld = false;
                resumeInvite = null;
                markAnswered();
            }
            if (ct != null && ct == pauseInvite) {
                pauseInvite = null;
                pauseUnconfirmed = false;
                markAnswered();
                LOG.info("Call {}: SRS {} accepted the pause", callId, target.uri());
            }
            if (!applyAnswer(response)) {
                return; // this SRS was given up on (unusable answer); the next one is being offered the recording
            }
            if (!copiesHeld && resumeDone != null) {
                finishResume(null);
            }
            if (initial) {
                state = State.RECORDING;
                LOG.info("Call {} recorded by {} (recording session {})", callId, target.uri(), rsCallId);
                context.srs().report(target, new SrsOutcome(SrsOutcome.Kind.ACCEPTED, status + " " + response.getReasonPhrase()));
                listener.accepted(target, rsCallId);
                startKeepAlive();
            }
            reinvite = null;
            if (updatePending) {
                updatePending = false;
                sendUpdate();
            }
            return;
        }
        if (initial) {
            failures.add(target.uri() + ": " + status + " " + response.getReasonPhrase());
            LOG.info("Call {}: SRS {} refused the recording session with {} {}", callId, target.uri(), status,
                    response.getReasonPhrase());
            context.srs().report(target, new SrsOutcome(SrsOutcome.Kind.REFUSED, status + " " + response.getReasonPhrase()));
            if (state != State.STOPPED) {
                tryNext();
            }
        } else if (status == Response.REQUEST_PENDING) {
            // RFC 3261 14.1: the dialog owner retries after 2.1 to 4 s
            reinvite = null;
            long delay = 2100 + ThreadLocalRandom.current().nextLong(1900);
            context.timers().schedule(() -> context.events().execute(this::sendUpdate), delay, TimeUnit.MILLISECONDS);
        } else if (srsGone(status) && (state == State.RECORDING)) {
            reinvite = null;
            srsDied(status + " " + response.getReasonPhrase() + " to a re-INVITE", status / 100 == 5);
        } else {
            reinvite = null;
            String why = status + " " + response.getReasonPhrase();
            LOG.info("Call {}: SRS {} refused a metadata update with {}", callId, target.uri(), why);
            updateFailed(ct, why);
            sendPendingUpdate();
        }
    }

    /**
     * Whether a final response to an in-dialog request means the SRS (or its RS dialog) is gone: 408 and 481 (RFC
     * 3261 section 14.1: the UAC terminates the dialog), 502, 503 and 504 (the SRS, or the way to it, is down). 500
     * and the other 5xx are answers of a live SRS to this one request (RFC 5057 "transaction only"), like 4xx and 6xx: they
     * leave the session as it was (a refused pause stays in force, a refused resume leaves it paused).
     */
    static boolean srsGone(int status) {
        return status == Response.REQUEST_TIMEOUT || status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST
                || status == Response.BAD_GATEWAY || status == Response.SERVICE_UNAVAILABLE
                || status == Response.SERVER_TIMEOUT;
    }

    /**
     * The recording SRS died mid-call: it is reported, the owner hears it lost the SRS, and the recording is offered
     * as a new recording session (complete metadata, every stream) to the next SRS of the group.
     *
     * Reported to the adapter as {@code ENDED_BY_SRS} (with {@code why} as detail) so that it counts the accepted
     * session as no longer in progress.
     *
     * @param sendBye whether the SRS may still hear a BYE for its dialog (a 5xx); not after a time-out or a 481
     */
    private void srsDied(String why, boolean sendBye) {
        failures.add(target.uri() + ": " + why);
        LOG.warn("Call {}: SRS {} lost mid-call ({}); moving the recording to the next SRS", callId, target.uri(), why);
        stopForks();
        if (sendBye) {
            bye();
        }
        context.srs().report(target, new SrsOutcome(SrsOutcome.Kind.ENDED_BY_SRS, why));
        listener.lost(target, why);
        tryNext();
    }

    /** An update asked for while another was waiting for the SRS goes now (e.g. a resume after a refused pause). */
    private void sendPendingUpdate() {
        if (updatePending && reinvite == null) {
            updatePending = false;
            sendUpdate();
        }
    }

    /** An update (re-INVITE) was refused or not answered: a pause stays in force, a resume is undone. */
    private void updateFailed(ClientTransaction ct, String why) {
        if (ct != null && ct == pauseInvite) {
            pauseInvite = null;
            pauseUnconfirmed = false;
            markAnswered();
            LOG.warn("Call {}: SRS {} did not accept the pause ({}); the recording stays paused, nothing is sent to it",
                    callId, target.uri(), why);
            listener.pauseNotAcknowledged(target.uri(), why);
        } else if (ct != null && ct == resumeInvite) {
            resumeInvite = null;
            markAnswered();
            // RFC 3264: a refused re-offer leaves the session as it was, i.e. inactive
            paused = true;
            finishResume("the SRS " + target.uri() + " refused the resume: " + why);
        }
    }

    /**
     * The pause or resume update was answered: its pause element is not sent again, unless a newer one (a resume
     * asked while the pause was pending) replaced it. Kept until then so that a 491 retry carries it.
     */
    private void markAnswered() {
        if (pauseMark == markInFlight) {
            pauseMark = null;
        }
        markInFlight = null;
    }

    private void finishResume(String failure) {
        java.util.function.Consumer<String> done = resumeDone;
        resumeDone = null;
        if (done != null) {
            done.accept(failure);
        }
    }

    void onTimeout(ClientTransaction ct) {
        if (ct != null && ct == keepAliveProbe) {
            keepAliveProbe = null;
            if (state == State.RECORDING) {
                srsDied("no answer to a keep-alive OPTIONS", false);
            }
            return;
        }
        if (ct == invite && state == State.INVITING) {
            failures.add(target.uri() + ": no answer");
            LOG.info("Call {}: SRS {} did not answer", callId, target.uri());
            context.srs().report(target, new SrsOutcome(SrsOutcome.Kind.UNREACHABLE, "no answer"));
            tryNext();
        } else if (ct == reinvite) {
            reinvite = null;
            if (state == State.RECORDING) {
                srsDied("no answer to a re-INVITE", false);
            } else {
                updateFailed(ct, "no answer");
                sendPendingUpdate();
            }
        }
    }

    /** Applies an SDP answer to the forks; false when it made the session give up this SRS (the next one is tried). */
    private boolean applyAnswer(Message response) {
        String sdp = messages.sdpOf(response);
        if (sdp == null) {
            return true;
        }
        try {
            List<SdpMedia> answer = SessionDescriptionEditor.parse(sdp).media();
            String refusal = srtpRefusal(sdp, answer);
            if (refusal != null) {
                LOG.warn("Call {}: SRS {} {}: recording session ended, next SRS", callId, target.uri(), refusal);
                forks.forEach(f -> f.target(null));
                bye();
                failures.add(target.uri() + ": " + refusal);
                context.srs().report(target, new SrsOutcome(SrsOutcome.Kind.REFUSED, refusal));
                tryNext();
                return false;
            }
            for (int i = 0; i < forks.size(); i++) {
                ForkStream fork = forks.get(i);
                SdpMedia m = i < answer.size() ? answer.get(i) : null;
                if (m == null || m.port() == 0 || "0.0.0.0".equals(m.address())) {
                    fork.target(null);
                    continue;
                }
                fork.target(new InetSocketAddress(InetAddress.getByName(m.address()), m.port()));
                // inactive: the SRS wants nothing until it says otherwise (RFC 7866 section 8.1.5)
                fork.paused(copiesHeld || "inactive".equals(m.direction()) || "sendonly".equals(m.direction()));
            }
        } catch (InvalidSdpException | java.net.UnknownHostException e) {
            LOG.warn("Call {}: SRS answer unusable ({}), recording session ended", callId, e.getMessage());
            bye();
            failures.add(target.uri() + ": bad SDP answer");
            tryNext();
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ requests from the SRS

    void onRequest(ServerTransaction st) {
        Request request = st.getRequest();
        try {
            if (Request.BYE.equals(request.getMethod())) {
                st.sendResponse(sip.messageFactory().createResponse(Response.OK, request));
                if (state == State.RECORDING || state == State.INVITING) {
                    failures.add(target.uri() + ": ended the recording session (BYE)");
                    LOG.info("Call {}: SRS {} ended the recording session; trying the next SRS", callId, target.uri());
                    context.srs().report(target, new SrsOutcome(SrsOutcome.Kind.ENDED_BY_SRS, "BYE"));
                    if (state == State.RECORDING) {
                        listener.lost(target, "ended by the SRS (BYE)");
                    }
                    tryNext();
                }
                return;
            }
            Response ok = sip.messageFactory().createResponse(Response.OK, request);
            if (Request.INVITE.equals(request.getMethod())) {
                // a re-offer from the SRS: answer with our current streams, apply its directions
                applyAnswer(request);
                ok.addHeader(messages.contact());
                ok.setContent(sdpOffer(), sip.headerFactory().createContentTypeHeader("application", "sdp"));
            }
            st.sendResponse(ok);
        } catch (Exception e) {
            LOG.debug("Call {}: cannot answer {} from the SRS: {}", callId, request.getMethod(), e.toString());
        }
    }

    // ------------------------------------------------------------------ updates, pause, end

    /** Tells the SRS which parties currently send media (hold/resume), with partial metadata. */
    void mediaChanged(boolean callerSendsNow, boolean calleeSendsNow, List<SdpMedia> negotiated) {
        boolean codecChanged = negotiated != null && negotiated.size() == callMedia.size() && !sameCodecs(negotiated);
        if (callerSendsNow == callerSends && calleeSendsNow == calleeSends && !codecChanged) {
            return;
        }
        if (codecChanged) {
            // the SRS must learn the new payload type before packets in it arrive (RFC 7866 section 8.1.4)
            callMedia = negotiated;
        }
        callerSends = callerSendsNow;
        calleeSends = calleeSendsNow;
        if (state != State.RECORDING) {
            return;
        }
        if (reinvite != null) {
            updatePending = true;
            return;
        }
        sendUpdate();
    }

    private boolean sameCodecs(List<SdpMedia> negotiated) {
        for (int i = 0; i < negotiated.size(); i++) {
            SdpMedia now = negotiated.get(i);
            SdpMedia before = callMedia.get(i);
            if (now.port() != 0 && !now.formats().isEmpty() && !now.formats().get(0).equals(
                    before.formats().isEmpty() ? null : before.formats().get(0))) {
                return false;
            }
        }
        return true;
    }

    private void sendUpdate() {
        if (state != State.RECORDING || dialog == null) {
            return;
        }
        try {
            RecordingMetadata current = metadata.snapshot(DataMode.COMPLETE, !callerSends, !calleeSends, null);
            RecordingMetadata update = withMode(current.changesSince(lastSent));
            if (pauseMark != null) {
                update = update.toBuilder().extension(pauseMark).build();
            }
            byte[] xml = writer.write(update);
            lastSent = current;
            Request request = dialog.createRequest(Request.INVITE);
            request.addHeader(messages.contact());
            request.addHeader(sip.headerFactory().createRequireHeader("siprec"));
            messages.setBody(request, messages.body(sdpOffer(), xml));
            reinvite = sip.provider().getNewClientTransaction(request);
            // the configured T1, as for the RS INVITE: a silent SRS is detected after 64 x T1 (Timer B)
            reinvite.setRetransmitTimer(sip.t1Millis());
            if (paused && pauseUnconfirmed) {
                pauseInvite = reinvite;
                markInFlight = pauseMark;
            } else if (!paused && resumeDone != null) {
                resumeInvite = reinvite;
                markInFlight = pauseMark;
            }
            dialog.sendRequest(reinvite);
            LOG.debug("Call {}: metadata update sent to {}{}", callId, target.uri(),
                    paused ? " (paused: streams inactive)" : "");
        } catch (Exception e) {
            LOG.info("Call {}: metadata update to the SRS failed: {}", callId, e.toString());
            ClientTransaction failed = reinvite;
            reinvite = null;
            updateFailed(failed, "cannot send the update: " + e.getMessage());
        }
    }

    private static RecordingMetadata withMode(RecordingMetadata update) {
        return update.toBuilder().dataMode(DataMode.PARTIAL).build();
    }

    /** The call ended: BYE the SRS with the final metadata times; cancel a pending offer. */
    void stop() {
        State was = state;
        state = State.STOPPED;
        stopKeepAlive();
        stopForks();
        finishResume("the call ended");
        if (was == State.RECORDING) {
            bye();
            // lets the adapter count the recordings in progress at each SRS (least-busy selection)
            context.srs().report(target, new SrsOutcome(SrsOutcome.Kind.ENDED, "BYE sent"));
        } else if (was == State.INVITING && invite != null) {
            try {
                sip.provider().getNewClientTransaction(invite.createCancel()).sendRequest();
            } catch (SipException | RuntimeException e) {
                LOG.debug("Call {}: cannot cancel the recording session: {}", callId, e.toString());
            }
        }
    }

    private void bye() {
        if (dialog == null) {
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            if (lastSent != null) {
                RecordingMetadata last = metadata.snapshot(DataMode.COMPLETE, !callerSends, !calleeSends, Instant.now());
                ContentTypeHeader type = sip.headerFactory().createContentTypeHeader("application", "rs-metadata+xml");
                bye.setContent(writer.write(withMode(last.changesSince(lastSent))), type);
                bye.addHeader(sip.headerFactory().createHeader("Content-Disposition", MetadataFormat.CONTENT_DISPOSITION));
            }
            dialog.sendRequest(sip.provider().getNewClientTransaction(bye));
        } catch (SipException | java.text.ParseException | MetadataException | RuntimeException e) {
            LOG.debug("Call {}: cannot end the recording session: {}", callId, e.toString());
        }
    }

    private void ack(Dialog d, long seq) {
        try {
            d.sendAck(d.createAck(seq));
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.debug("Call {}: cannot ACK the SRS: {}", callId, e.toString());
        }
    }

    private void ackAndBye(Dialog d, long seq) {
        ack(d, seq);
        try {
            d.sendRequest(sip.provider().getNewClientTransaction(d.createRequest(Request.BYE)));
        } catch (SipException | RuntimeException e) {
            LOG.debug("Call {}: cannot release a late recording session: {}", callId, e.toString());
        }
    }

    // ------------------------------------------------------------------ keep-alive (mandatory recordings)

    /**
     * An SRS killed mid-call sends no BYE, and the SRC sends it nothing unless the call changes: a mandatory
     * recording would stay on a dead SRS unnoticed. So its RS dialog gets an OPTIONS (RFC 3261 section 11, in the
     * dialog so that a 481 tells a lost dialog too) every {@code mandatory.keepalive.seconds}; an OPTIONS without a
     * final response by the next tick, or answered 408/481/502/503/504, means the SRS is gone (the usual move).
     */
    private void startKeepAlive() {
        if (!keepAlive || keepAliveTimer != null) {
            return;
        }
        long millis = context.mandatory().keepalive().toMillis();
        keepAliveTimer = context.timers().scheduleWithFixedDelay(() -> context.events().execute(this::keepAliveTick),
                millis, millis, TimeUnit.MILLISECONDS);
    }

    private void stopKeepAlive() {
        keepAliveProbe = null;
        if (keepAliveTimer != null) {
            keepAliveTimer.cancel(false);
            keepAliveTimer = null;
        }
    }

    /** On the call's executor: the last OPTIONS must have been answered by now; then the next one goes. */
    private void keepAliveTick() {
        if (state != State.RECORDING || dialog == null) {
            return;
        }
        if (keepAliveProbe != null) {
            keepAliveProbe = null;
            srsDied("no answer to a keep-alive OPTIONS within " + context.mandatory().keepalive().toSeconds() + " s", false);
            return;
        }
        try {
            Request options = dialog.createRequest(Request.OPTIONS);
            options.addHeader(messages.contact());
            ClientTransaction ct = sip.provider().getNewClientTransaction(options);
            ct.setRetransmitTimer(sip.t1Millis());
            keepAliveProbe = ct;
            dialog.sendRequest(ct);
        } catch (Exception e) {
            keepAliveProbe = null;
            LOG.info("Call {}: keep-alive OPTIONS to SRS {} cannot be sent: {}", callId, target.uri(), e.toString());
        }
    }

    private void keepAliveAnswered(ClientTransaction ct, int status, String phrase) {
        if (status < 200 || ct == null || ct != keepAliveProbe) {
            return;
        }
        keepAliveProbe = null;
        if (srsGone(status) && state == State.RECORDING) {
            srsDied(status + " " + phrase + " to a keep-alive OPTIONS", status / 100 == 5);
        }
    }

    private void stopForks() {
        for (ForkStream fork : forks) {
            fork.target(null);
        }
    }

    private void fail(String why) {
        state = State.FAILED;
        stopKeepAlive();
        stopForks();
        LOG.warn("Call {} is not recorded: {}", callId, why);
        listener.failed(why);
    }

    /**
     * Pauses the recording, PCI-safe: the copies to the SRS stop <em>first</em>, on this thread, before anything is
     * signalled; then the SRS is told by an RS re-INVITE whose streams are all {@code inactive}, with a partial
     * metadata update carrying the pause ({@link RecordingMetadataBuilder#pauseElement}). If the SRS refuses or does
     * not answer, nothing changes here: the copies stay stopped ({@link Listener#pauseNotAcknowledged}).
     *
     * @return when the copies stopped
     */
    Instant pause() {
        copiesHeld = true;
        for (ForkStream fork : forks) {
            fork.paused(true);
        }
        Instant at = Instant.now();
        paused = true;
        pausedAt = at;
        pauseUnconfirmed = true;
        pauseMark = RecordingMetadataBuilder.pauseElement(at, null);
        requestUpdate();
        return at;
    }

    /**
     * Resumes: the SRS is offered the streams {@code sendonly} again; the copies restart only when it accepts
     * (200). {@code done} hears, on the call's executor, {@code null} once it has, else why not (refused, no answer,
     * the SRS or the call went away): then the recording stays paused.
     */
    void resume(java.util.function.Consumer<String> done) {
        paused = false;
        pauseUnconfirmed = false;
        resumeDone = done;
        pauseMark = RecordingMetadataBuilder.pauseElement(pausedAt, Instant.now());
        if (state != State.RECORDING) {
            paused = true;
            finishResume("no SRS is recording the call right now");
            return;
        }
        requestUpdate();
    }

    /** Whether the recording is paused (the offer says inactive); false while a resume is accepted. */
    boolean paused() {
        return paused;
    }

    private void requestUpdate() {
        if (state != State.RECORDING) {
            return;
        }
        if (reinvite != null) {
            updatePending = true;
            return;
        }
        sendUpdate();
    }
}
