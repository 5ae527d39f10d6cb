package org.siprec.api.ops;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.siprec.api.model.SessionCase;

/**
 * The policy engine as operators see it: which policies are installed, how they have answered so far, and what
 * they would decide for a call, without placing one. Registered by the core ({@code org.siprec.src}).
 */
@ProviderType
public interface PolicyEvaluator {

    /**
     * Decides a call from {@code from} to {@code to} exactly as a call arriving now would be decided: the same
     * policies (the current snapshot), the same deadline and combination rule, the same engine code; only no call is
     * placed and the policies' counters are not changed.
     *
     * @param from        the caller, as a SIP or tel URI; a bare number is taken as {@code tel:<number>}
     * @param to          the callee, likewise
     * @param sessionCase which party the platform serves
     * @param at          the call's start time, which policies read as "now" (e.g. office hours)
     */
    PolicyExplanation explain(String from, String to, SessionCase sessionCase, Instant at);

    /** The installed policies in the order they are asked (ranking, highest first), with their counters. */
    List<PolicyStatistics> policies();
}
