package org.siprec.policy.recordall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;
import org.siprec.api.policy.Decision;

class RecordAllPolicyTest {
    private static RecordAllPolicy.Config config(boolean enabled, boolean mandatory) {
        return config(enabled, mandatory, "");
    }

    private static RecordAllPolicy.Config config(boolean enabled, boolean mandatory, String announcement) {
        return config(enabled, mandatory, announcement, 0);
    }

    private static RecordAllPolicy.Config config(boolean enabled, boolean mandatory, String announcement, int maxSeconds) {
        return new RecordAllPolicy.Config() {
            @Override
            public int max_duration_seconds() {
                return maxSeconds;
            }

            @Override
            public String announcement() {
                return announcement;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public boolean mandatory() {
                return mandatory;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return RecordAllPolicy.Config.class;
            }
        };
    }

    @Test
    void maxDurationSecondsLimitsTheRecordingAndABadValueSetsNoLimit() {
        RecordAllPolicy policy = new RecordAllPolicy(config(true, true, "", 120));
        assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(120)), policy.evaluate(null).maxDuration());
        assertTrue(policy.evaluate(null).mandatory(), "a mandatory recording may be limited too");
        policy.modified(config(true, false, "", 0));
        assertTrue(policy.evaluate(null).maxDuration().isEmpty(), "0: no limit");
        policy.modified(config(true, false, "", -5));
        assertTrue(policy.evaluate(null).maxDuration().isEmpty(), "out of range: logged, no limit");
        policy.modified(config(true, false, "", 86401));
        assertTrue(policy.evaluate(null).maxDuration().isEmpty(), "out of range: logged, no limit");
    }

    @Test
    void recordsEveryCallWhenEnabledAndHasNoOpinionWhenDisabled() {
        RecordAllPolicy policy = new RecordAllPolicy(config(true, false));
        assertEquals(Decision.Verdict.RECORD, policy.evaluate(null).verdict());
        policy.modified(config(false, false));
        assertEquals(Decision.Verdict.ABSTAIN, policy.evaluate(null).verdict());
        policy.modified(config(true, true));
        assertTrue(policy.evaluate(null).mandatory());
        assertTrue(policy.evaluate(null).announcement().isEmpty(), "no announcement by default");
        policy.modified(config(true, false, " recording-notice "));
        assertEquals(java.util.Optional.of("recording-notice"), policy.evaluate(null).announcement());
    }
}
