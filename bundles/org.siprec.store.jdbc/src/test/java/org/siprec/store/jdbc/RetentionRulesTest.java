package org.siprec.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.testsupport.Configs;

/** Retention configuration: values parsed per company, and each bad value refused with a message naming its key. */
class RetentionRulesTest {
    static RetentionRules rules(Map<String, Object> values) {
        return RetentionRules.from(Configs.of(RetentionConfig.class, values));
    }

    static String error(Map<String, Object> values) {
        return assertThrows(IllegalArgumentException.class, () -> rules(values)).getMessage();
    }

    @Test
    void companiesOverrideTheDefault() {
        RetentionRules r = rules(Map.of("retention.days", 90, "retention.company", " acme=365 ,beta=30,gamma=0"));
        assertEquals(90, r.daysOf(null));
        assertEquals(90, r.daysOf("other"));
        assertEquals(365, r.daysOf("acme"));
        assertEquals(30, r.daysOf("beta"));
        Instant now = Instant.now();
        assertTrue(r.expired("beta", now.minus(Duration.ofDays(31)), now));
        assertFalse(r.expired("acme", now.minus(Duration.ofDays(31)), now));
        assertFalse(r.expired("gamma", now.minus(Duration.ofDays(9999)), now), "0 keeps forever");
        assertEquals(now.minus(Duration.ofDays(30)), r.earliestCutoff(now));
        assertNull(rules(Map.of()).earliestCutoff(now), "the default keeps everything");
        assertEquals(3600, rules(Map.of()).intervalSeconds());
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("key retention.days: -1 is not a number of days from 0 (keep forever) to 36500",
                error(Map.of("retention.days", -1)));
        assertEquals("key retention.company: 'acme' is not company=days (e.g. acme=365,beta=30)",
                error(Map.of("retention.company", "acme")));
        assertEquals("key retention.company: 'lots' of company acme is not a number of days",
                error(Map.of("retention.company", "acme=lots")));
        assertEquals("key retention.company: company acme is listed twice",
                error(Map.of("retention.company", "acme=1,acme=2")));
        assertEquals("key check.interval.s: 5 is not from 60 to 86400 seconds", error(Map.of("check.interval.s", 5)));
    }
}
