package org.siprec.srs.sip;

/**
 * What hears the answers to SRS OPTIONS probes: every {@link ConfiguredSrsAdapter} (one per SRS group), each keeping
 * only the answers to its own probes (by Call-ID). A service of this bundle only, through {@link SrsProbeResponses}.
 */
public interface ProbeListener {
    /** A final answer to an OPTIONS probe sent from the probe endpoint; called on the SIP stack's thread. */
    void probeAnswered(String callId, int status, String reason);
}
