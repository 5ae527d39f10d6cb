package org.siprec.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Retention checked and parsed from {@link RetentionConfig}: days per company, a default, the check interval.
 * Days 0 mean forever.
 */
record RetentionRules(int defaultDays, Map<String, Integer> companyDays, int intervalSeconds) {
    static final int MAX_DAYS = 36_500;

    /** @throws IllegalArgumentException naming the key and the value when a value cannot work */
    static RetentionRules from(RetentionConfig config) {
        int days = config.retention_days();
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException("key retention.days: " + days + " is not a number of days from 0 (keep"
                    + " forever) to " + MAX_DAYS);
        }
        int interval = config.check_interval_s();
        if (interval < 60 || interval > 86_400) {
            throw new IllegalArgumentException("key check.interval.s: " + interval + " is not from 60 to 86400 seconds");
        }
        Map<String, Integer> companies = new LinkedHashMap<>();
        String text = config.retention_company() == null ? "" : config.retention_company().trim();
        if (!text.isEmpty()) {
            for (String pair : text.split(",")) {
                String p = pair.trim();
                int eq = p.indexOf('=');
                if (eq <= 0 || eq == p.length() - 1) {
                    throw new IllegalArgumentException("key retention.company: '" + p + "' is not company=days (e.g."
                            + " acme=365,beta=30)");
                }
                String company = p.substring(0, eq).trim();
                String value = p.substring(eq + 1).trim();
                int d;
                try {
                    d = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("key retention.company: '" + value + "' of company " + company
                            + " is not a number of days");
                }
                if (d < 0 || d > MAX_DAYS) {
                    throw new IllegalArgumentException("key retention.company: " + d + " days of company " + company
                            + " is not from 0 (keep forever) to " + MAX_DAYS);
                }
                if (companies.put(company, d) != null) {
                    throw new IllegalArgumentException("key retention.company: company " + company + " is listed twice");
                }
            }
        }
        return new RetentionRules(days, Collections.unmodifiableMap(companies), interval);
    }

    /** Days that a company's recordings are kept (the default for {@code null}: company not known); 0 is forever. */
    int daysOf(String company) {
        return company == null ? defaultDays : companyDays.getOrDefault(company, defaultDays);
    }

    /** Whether a recording of {@code company} that ended at {@code ended} has expired at {@code now}. */
    boolean expired(String company, Instant ended, Instant now) {
        int d = daysOf(company);
        return d > 0 && ended.isBefore(now.minus(Duration.ofDays(d)));
    }

    /** The latest end time that any rule may expire at {@code now}, or null when every rule keeps forever. */
    Instant earliestCutoff(Instant now) {
        int min = defaultDays;
        for (int d : companyDays.values()) {
            if (d > 0 && (min == 0 || d < min)) {
                min = d;
            }
        }
        return min == 0 ? null : now.minus(Duration.ofDays(min));
    }

    @Override
    public String toString() {
        return "default " + (defaultDays == 0 ? "forever" : defaultDays + " days")
                + (companyDays.isEmpty() ? "" : ", per company " + companyDays) + ", checked every " + intervalSeconds + " s";
    }
}
