package org.siprec.src.b2bua;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.SipHeaders;
import org.siprec.src.recording.RecordingIndication;
import org.siprec.src.recording.RecordingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording indication of one call (RFC 7866 section 6.1): toward each party that advertised the option tag
 * {@code record-aware} (in the caller's INVITE or the callee's 2xx, Supported or Require), every SDP the platform
 * sends carries {@code a=record:on|off|paused} at session level, and a change of the recording's state is sent to it
 * in a re-INVITE of its last SDP (origin version raised by one) that the platform answers itself and never relays.
 * <p>
 * Why re-INVITE and not UPDATE: every UA that can hold a call supports re-INVITE, while UPDATE (RFC 3311) is
 * optional; the indication is not urgent enough to justify two paths. Why the versions of relayed SDP are raised
 * too: after an indication re-INVITE the party has seen version v+1 of the session, so the other party's next offer
 * (its own v+1) must reach it as v+2; each leg keeps the number of indications sent as an offset.
 * <p>
 * Failures never touch the call: while another offer/answer of the call is under way the indication waits (up to
 * 5 s, then it is dropped); a 491 is retried once after a random 2.1-4 s (RFC 3261 section 14.1), any other
 * failure (4xx-6xx, timeout, a send error) is logged and counted and the indication dropped. A dropped indication
 * is not lost for good: the next SDP sent to the party (a relayed re-INVITE, or the next state change) carries the
 * state of that moment. Runs on the call's executor.
 */
final class RecordIndicator implements RecordingIndication {
    private static final Logger LOG = LoggerFactory.getLogger(RecordIndicator.class);
    private static final long BUSY_RETRY_MS = 250;
    private static final int BUSY_RETRIES = 20;

    /**
     * What the indication needs from the platform; {@code told} and {@code failed} count the indication re-INVITEs
     * answered 2xx and those that failed (491 included).
     */
    record Services(SipEndpoint sip, BLegRequests requests, Executor events, ScheduledExecutorService timers,
            Runnable told, Runnable failed) {
    }

    /** What one party was told and what is under way toward it. */
    private static final class Leg {
        boolean aware;
        /** The last SDP sent to this party, as anchored (before the attribute and the version offset). */
        String lastSdp;
        /** How many indication re-INVITEs (answered 2xx) raised this party's view of the session version. */
        long offset;
        RecordAttribute told;
        ClientTransaction inFlight;
        RecordAttribute sending;
        int busyRetries;
        boolean glareRetried;
    }

    private final CallLegs call;
    private final Services services;
    private final IndicationSettings settings;
    private final Supplier<RecordingState> state;
    private final BooleanSupplier offerUnderWay;
    private final Map<Side, Leg> legs = new EnumMap<>(Map.of(Side.A, new Leg(), Side.B, new Leg()));
    private RecordAttribute current = RecordAttribute.OFF;

    /**
     * @param state         the recording's state now
     * @param offerUnderWay whether an offer/answer exchange of the call (a relayed INVITE or UPDATE, or an ACK still
     *                      awaited) is under way, during which no re-INVITE may be started (RFC 3261 section 14.1)
     */
    RecordIndicator(CallLegs call, Services services, IndicationSettings settings, Supplier<RecordingState> state,
            BooleanSupplier offerUnderWay) {
        this.call = call;
        this.services = services;
        this.settings = settings;
        this.state = state;
        this.offerUnderWay = offerUnderWay;
    }

    /** Notes whether the party on {@code side} advertised {@code record-aware} in this message (INVITE or 2xx). */
    void aware(Side side, Message message) {
        boolean aware = settings.enabled() && SipHeaders.supports(message, "record-aware");
        legs.get(side).aware = aware;
        if (aware) {
            LOG.debug("Call {}: the {} is record-aware, told a=record", call.callId(), side == Side.A ? "caller" : "callee");
        }
    }

    /** Whether the party on {@code side} is told by a=record. */
    boolean informs(Side side) {
        return legs.get(side).aware;
    }

    /** The SDP {@code sdp} as the party on {@code side} is to receive it: with a=record when it is record-aware. */
    String toward(Side side, String sdp) {
        Leg leg = legs.get(side);
        leg.lastSdp = sdp; // also before the party is known to be record-aware: the callee's first SDP is the offer
        if (!leg.aware) {
            return sdp;
        }
        leg.told = current;
        return current.stamp(sdp, leg.offset);
    }

    @Override
    public void stateChanged(RecordingState next) {
        // called in the middle of the recorder's transition: the re-INVITE goes out after it
        services.events().execute(this::refresh);
    }

    @Override
    public boolean hearsAnnouncement(Side side) {
        return settings.announcementToAware() || !informs(side);
    }

    /** Tells every record-aware party the recording's state now, if it was told something else. */
    private void refresh() {
        current = RecordAttribute.of(state.get());
        for (Side side : Side.values()) {
            Leg leg = legs.get(side);
            // a callee told nothing yet (its first SDP was our offer, before it said record-aware) is not told off
            RecordAttribute told = leg.told != null ? leg.told : RecordAttribute.OFF;
            if (leg.aware && leg.lastSdp != null && told != current && leg.inFlight == null) {
                send(side, leg);
            }
        }
    }

    private void send(Side side, Leg leg) {
        Dialog dialog = call.dialog(side);
        if (call.ended() || call.hangingUp() || dialog == null || dialog.getState() != DialogState.CONFIRMED) {
            return;
        }
        if (offerUnderWay.getAsBoolean()) {
            waitForTheOffer(side, leg, "another offer/answer of the call is under way");
            return;
        }
        RecordAttribute value = current;
        try {
            Request reInvite = dialog.createRequest(Request.INVITE);
            reInvite.setHeader(services.requests().contactFor(reInvite));
            reInvite.setContent(value.stamp(leg.lastSdp, leg.offset + 1),
                    services.sip().headerFactory().createContentTypeHeader("application", "sdp"));
            ClientTransaction ct = services.sip().provider().getNewClientTransaction(reInvite);
            ct.setRetransmitTimer(services.sip().t1Millis());
            dialog.sendRequest(ct);
            leg.inFlight = ct;
            leg.sending = value;
            leg.busyRetries = 0;
            LOG.debug("Call {}: a=record:{} sent to the {}", call.callId(), value.token(), party(side));
        } catch (SipException e) {
            // the stack refuses a re-INVITE while one is pending on the dialog (an INVITE from the party crossing ours)
            waitForTheOffer(side, leg, e.getMessage());
        } catch (java.text.ParseException | RuntimeException e) {
            dropped(side, "cannot be sent: " + e);
        }
    }

    private void waitForTheOffer(Side side, Leg leg, String why) {
        if (++leg.busyRetries > BUSY_RETRIES) {
            leg.busyRetries = 0;
            dropped(side, "not sent: " + why + " for " + BUSY_RETRIES * BUSY_RETRY_MS + " ms");
            return;
        }
        retryIn(BUSY_RETRY_MS);
    }

    private void retryIn(long millis) {
        services.timers().schedule(() -> services.events().execute(this::refresh), millis, TimeUnit.MILLISECONDS);
    }

    /** Whether {@code ct} is one of this call's indication re-INVITEs. */
    boolean owns(ClientTransaction ct) {
        return ct != null && (legs.get(Side.A).inFlight == ct || legs.get(Side.B).inFlight == ct);
    }

    /** The party's answer to an indication re-INVITE: 2xx is acknowledged here, never relayed. */
    void onResponse(ResponseEvent event) {
        Side side = legs.get(Side.A).inFlight == event.getClientTransaction() ? Side.A : Side.B;
        Leg leg = legs.get(side);
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        leg.inFlight = null;
        if (status < 300) {
            try {
                long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
                Dialog dialog = event.getDialog() != null ? event.getDialog() : call.dialog(side);
                dialog.sendAck(dialog.createAck(seq));
            } catch (SipException | InvalidArgumentException | RuntimeException e) {
                LOG.debug("Call {}: cannot ACK the indication's answer: {}", call.callId(), e.toString());
            }
            leg.offset++; // only an accepted offer moves the session on (RFC 3264 section 8): a refused one is re-sent as it was
            leg.told = leg.sending;
            leg.glareRetried = false;
            services.told().run();
            LOG.info("Call {}: the {} was told a=record:{}", call.callId(), party(side), leg.told.token());
            refresh(); // the state may have changed meanwhile
        } else if (status == Response.REQUEST_PENDING && !leg.glareRetried) {
            leg.glareRetried = true;
            services.failed().run();
            LOG.info("Call {}: the {} answered the a=record:{} re-INVITE with 491, retried once", call.callId(), party(side),
                    leg.sending.token());
            retryIn(2100 + ThreadLocalRandom.current().nextLong(1900));
        } else {
            leg.glareRetried = false;
            dropped(side, "refused with " + status + " " + response.getReasonPhrase());
        }
    }

    /** No answer to an indication re-INVITE. */
    void onTimeout(ClientTransaction ct) {
        Side side = legs.get(Side.A).inFlight == ct ? Side.A : Side.B;
        legs.get(side).inFlight = null;
        dropped(side, "not answered");
    }

    private void dropped(Side side, String why) {
        services.failed().run();
        LOG.warn("Call {}: recording indication a=record:{} to the {} {}; dropped, the call goes on", call.callId(),
                current.token(), party(side), why);
    }

    private static String party(Side side) {
        return side == Side.A ? "caller" : "callee";
    }
}
