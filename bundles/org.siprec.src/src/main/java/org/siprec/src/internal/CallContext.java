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

    /** Forgets the call under all its Call-IDs. */
    void ended(Call call, boolean answered);
}
