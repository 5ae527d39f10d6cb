package org.siprec.src.decision;

import java.util.List;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.Participant;
import org.siprec.api.model.RecordingPreference;
import org.siprec.api.policy.Decision;

/**
 * A party's {@code a=recordpref:off} (RFC 7866 section 6.3) after the policies have spoken: a party asking not to be
 * recorded turns a RECORD into a SKIP, unless the RECORD is mandatory (regulation wins over the wish; the party is
 * recorded, and a record-aware party is told so). Other preferences ({@code on}, {@code pause}) change nothing here;
 * policies see them on {@link Participant#recordingPreference()}.
 */
public final class RecordingPreferenceRule {
    private RecordingPreferenceRule() {
    }

    public static Decision apply(CommunicationSession call, Decision combined) {
        if (combined.verdict() != Decision.Verdict.RECORD || combined.mandatory()) {
            return combined;
        }
        for (Participant p : List.of(call.caller(), call.callee())) {
            if (p.recordingPreference() == RecordingPreference.OFF) {
                return Decision.skip("party " + p.aor() + " asked not to be recorded (a=recordpref:off)");
            }
        }
        return combined;
    }
}
