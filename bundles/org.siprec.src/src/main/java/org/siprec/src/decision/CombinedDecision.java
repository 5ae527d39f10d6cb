package org.siprec.src.decision;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.siprec.api.policy.Decision;

/**
 * The recording decision for one call: the combined {@link Decision} and every policy's verdict behind it.
 *
 * @param decision the combined decision (RECORD or SKIP)
 * @param verdicts each policy's verdict, in the order the policies were asked (ranking, highest first)
 */
public record CombinedDecision(Decision decision, List<PolicyVerdict> verdicts) {
    public CombinedDecision {
        verdicts = List.copyOf(verdicts);
    }

    /** The SRS group of recordings that name none. */
    public static final String DEFAULT_GROUP = "default";

    /**
     * One recording the decision asks for: to an SRS group, as the verdict of one policy says (its mandatory flag
     * and announcement).
     *
     * @param group    the SRS group ({@link #DEFAULT_GROUP} when the verdict names none)
     * @param policy   the policy that asked for it ({@code null} for a recording started on demand)
     * @param decision that policy's verdict
     */
    public record Requested(String group, String policy, Decision decision) {
        @Override
        public String toString() {
            return group + " (" + (policy != null ? policy + ": " : "") + decision.reason() + ")";
        }
    }

    /**
     * The recordings of the call, one per distinct SRS group among the RECORD verdicts, each as the first (highest
     * ranked) verdict for that group says; the recording of the deciding verdict first. Empty unless the decision
     * is RECORD. A decision that is not the policies' combination (a start on demand) is one recording, to its group.
     */
    public List<Requested> recordings() {
        if (!record()) {
            return List.of();
        }
        java.util.Map<String, Requested> byGroup = new java.util.LinkedHashMap<>();
        String first = decision.srsGroup().orElse(DEFAULT_GROUP);
        byGroup.put(first, null);
        // the further recordings are the policies': only when this decision is theirs (not one started on demand,
        // nor that of one further recording alone, which carry the verdicts for the metadata)
        boolean policies = decision.equals(CombinationRule.combine(verdicts));
        for (PolicyVerdict v : policies ? verdicts : List.<PolicyVerdict>of()) {
            if (v.decision().verdict() != Decision.Verdict.RECORD) {
                continue;
            }
            String group = v.decision().srsGroup().orElse(DEFAULT_GROUP);
            if (byGroup.get(group) == null) {
                byGroup.put(group, new Requested(group, v.policy(), v.decision()));
            }
        }
        if (byGroup.get(first) == null) {
            byGroup.put(first, new Requested(first, null, decision)); // on demand: no verdict behind it
        }
        return List.copyOf(byGroup.values());
    }

    public boolean record() {
        return decision.verdict() == Decision.Verdict.RECORD;
    }

    /**
     * Who set the recording's maximum duration: the RECORD policy whose limit it is, else the platform's default
     * ({@code recording.max.duration.seconds}, applied by {@link org.siprec.src.recording.RecordingLimits}).
     */
    public String limitSource() {
        return decision.maxDuration().flatMap(limit -> verdicts.stream()
                .filter(v -> v.decision().verdict() == Decision.Verdict.RECORD && v.decision().maxDuration().equals(Optional.of(limit)))
                .map(PolicyVerdict::policy).findFirst()).orElse("recording.max.duration.seconds");
    }

    /** One line for the log and the audit trail: {@code RECORD (reason) mandatory max-duration 60 s (policy); policies: a=RECORD(..), b=ABSTAIN(..)}. */
    public String summary() {
        return decision.verdict() + " (" + decision.reason() + ")" + (decision.mandatory() ? " mandatory" : "")
                + decision.announcement().map(a -> " announcement " + a).orElse("")
                + decision.srsGroup().map(g -> " srs-group " + g).orElse("")
                + (recordings().size() > 1 ? "; recordings: " + recordings().stream().map(Requested::toString)
                        .collect(Collectors.joining(", ")) : "")
                + decision.maxDuration().map(limit -> " max-duration " + limit.toSeconds() + " s (" + limitSource() + ")").orElse("")
                + "; policies: " + (verdicts.isEmpty() ? "none"
                        : verdicts.stream().map(PolicyVerdict::toString).collect(Collectors.joining(", ")));
    }
}
