package org.siprec.src.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.siprec.api.media.MediaMirror;
import org.siprec.sip.SipEndpoint;

/** What a {@link Call} needs from the B2BUA around it. */
interface CallContext {
    SipEndpoint sip();

    MediaMirror media();

    SrcSettings settings();

    Executor pool();

    ScheduledExecutorService timers();

    /** Makes the call findable by a further Call-ID (its B-leg). */
    void index(String callId, Call call);

    /** The call known under a Call-ID (either leg or a recording session), or {@code null}. */
    Call callOf(String callId);

    /** The recording decision of the installed policies for a call. */
    org.siprec.api.policy.Decision decide(org.siprec.api.model.CommunicationSession session);

    /** The SRSs to try for a call, in order, from the installed SRS adapters. */
    java.util.List<org.siprec.api.srs.SrsTarget> srsTargets(org.siprec.api.model.CommunicationSession session);

    /** Whether an SRS (host:port) refused a TCP connection recently, so large requests go to it over UDP at once. */
    boolean tcpRefused(String srsHostPort);

    /** Remembers for a while that an SRS (host:port) refuses TCP connections. */
    void tcpRefusedBy(String srsHostPort);

    /** Forgets the call under all its Call-IDs. */
    void ended(Call call, boolean answered);
}
