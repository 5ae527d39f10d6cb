package org.siprec.src.b2bua;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.ops.CallMonitor;
import org.siprec.api.ops.CallSummary;
import org.siprec.sip.SipEndpoint;
import org.siprec.src.overload.OverloadGate;

/**
 * The calls in progress and the SRC's counters, as operators see them ({@link CallMonitor}: {@code siprec:calls},
 * {@code siprec:status}).
 */
@Component(service = {CallRegistry.class, CallMonitor.class})
public class CallRegistry implements CallMonitor {
    private final SipEndpoint sip;
    /**
     * The media mirror the SRC uses, as the B2BUA bound it (its reference honours {@code media.target}); {@code null}
     * while no B2BUA runs. Not a reference of this component's own: that would bind the highest-ranked mirror, which
     * need not be the selected one (issue 10).
     */
    private volatile MediaMirror media;
    private final OverloadGate overload;
    private final Set<Call> live = ConcurrentHashMap.newKeySet();
    private final LongAdder total = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final LongAdder untrusted = new LongAdder();
    private final LongAdder indicationFailures = new LongAdder();
    private final LongAdder indicationsTold = new LongAdder();
    private final LongAdder releasedMandatory = new LongAdder();
    private volatile String trustedPeers = "";

    @Activate
    public CallRegistry(@Reference(name = "sip", target = "(" + SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN + ")") SipEndpoint sip,
            @Reference(name = "overload") OverloadGate overload) {
        this.sip = sip;
        this.overload = overload;
    }

    /** Called by the B2BUA with the mirror it was bound to ({@code media.target}), and with {@code null} when it stops. */
    void mirror(MediaMirror mirror) {
        this.media = mirror;
    }

    /** The trusted peers in force, as the B2BUA parsed them from its configuration. */
    void trustedPeers(TrustedPeers peers) {
        trustedPeers = peers.toString();
    }

    void started(Call call) {
        live.add(call);
        total.increment();
    }

    void ended(Call call, boolean wasAnswered) {
        if (live.remove(call)) {
            (wasAnswered ? answered : unanswered).increment();
        }
    }

    /** A record-aware party answered an a=record indication re-INVITE with 2xx. */
    void indicationTold() {
        indicationsTold.increment();
    }

    /** An a=record indication re-INVITE was refused (491 included), not answered or not sent. */
    void indicationFailed() {
        indicationFailures.increment();
    }

    /** An answered call was released because its mandatory recording failed (or its grace time ran out). */
    void releasedMandatory() {
        releasedMandatory.increment();
    }

    void refusedUntrusted() {
        untrusted.increment();
    }

    /** Calls in progress now (cheap: for the overload gate, on the SIP stack's receiving thread). */
    int liveCount() {
        return live.size();
    }

    /** The live call whose A-leg has this Call-ID, or {@code null}. */
    Call find(String aCallId) {
        for (Call call : live) {
            if (call.callId().equals(aCallId)) {
                return call;
            }
        }
        return null;
    }

    Set<Call> live() {
        return Set.copyOf(live);
    }

    @Override
    public List<CallSummary> activeCalls() {
        List<CallSummary> result = new ArrayList<>();
        for (Call call : live) {
            result.add(call.summary());
        }
        result.sort((a, b) -> b.duration().compareTo(a.duration()));
        return result;
    }

    @Override
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("sip.listen", sip.host() + " udp " + sip.udpPort() + " tcp " + sip.tcpPort());
        status.put("trusted.peers", trustedPeers);
        status.put("calls.active", Integer.toString(live.size()));
        status.put("calls.total", total.toString());
        status.put("calls.answered", answered.toString());
        status.put("calls.unanswered", unanswered.toString());
        status.put("requests.untrusted", untrusted.toString());
        status.put("calls.released.mandatory", releasedMandatory.toString());
        // new calls refused before anything was committed to them (docs/operations.md, overload control)
        overload.shedCounts().forEach((reason, n) -> status.put("calls.shed." + reason, Long.toString(n)));
        status.put("calls.queue.delay.ms", Long.toString(overload.queueDelayMillis()));
        status.put("record.indication.told", indicationsTold.toString());
        status.put("record.indication.failed", indicationFailures.toString());
        // what the SIP endpoint's request door refused or dropped before the stack (none listed: nothing yet)
        sip.doorCounters().forEach((name, count) -> status.put("sip.door." + name, Long.toString(count)));
        MediaMirror m = media;
        if (m != null) { // the SRC's own mirror, the one media.target selects
            status.put("media.address", m.address());
            status.put("media.sessions.open", Integer.toString(m.openSessions()));
            status.put("media.ports.free", Integer.toString(m.freePorts()));
            status.put("media.packets.rejected", Long.toString(m.packetsRejected()));
        }
        return status;
    }
}
