package org.siprec.src.recording;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of recordings each company may have in progress at once ({@code company.max.recordings.default} and the
 * per-company overrides {@code company.max.recordings=acme:10,beta:5} of {@code etc/org.siprec.src.cfg}), and how many
 * each has now. A recording takes a {@link Slot} before it is offered to an SRS and gives it back when it ends,
 * however it ends; releasing a slot twice releases it once, so every end path may release it without bookkeeping.
 * Thread-safe without locks: calls of one company run on different call executors.
 */
public final class CompanyRecordingQuota {
    /** No limit. */
    public static final int UNLIMITED = 0;

    private final int defaultLimit;
    private final Map<String, Integer> limits;
    /** Recordings in progress per company; shared with the quota that replaces this one on reconfiguration. */
    private final ConcurrentHashMap<String, AtomicInteger> inProgress;

    private CompanyRecordingQuota(int defaultLimit, Map<String, Integer> limits, ConcurrentHashMap<String, AtomicInteger> inProgress) {
        this.defaultLimit = defaultLimit;
        this.limits = Map.copyOf(limits);
        this.inProgress = inProgress;
    }

    /** No company is limited. */
    public static CompanyRecordingQuota unlimited() {
        return new CompanyRecordingQuota(UNLIMITED, Map.of(), new ConcurrentHashMap<>());
    }

    /**
     * @param defaultLimit {@code company.max.recordings.default}: 0 (unlimited) or more
     * @param overrides    {@code company.max.recordings}: {@code company:limit} pairs, comma-separated; empty: none
     * @throws IllegalArgumentException naming the configuration key and the value that is wrong
     */
    public static CompanyRecordingQuota of(int defaultLimit, String overrides) {
        if (defaultLimit < 0) {
            throw new IllegalArgumentException("company.max.recordings.default must be 0 (unlimited) or more, got " + defaultLimit);
        }
        Map<String, Integer> limits = new TreeMap<>();
        String text = overrides == null ? "" : overrides.strip();
        if (!text.isEmpty()) {
            for (String pair : text.split(",")) {
                String p = pair.strip();
                int colon = p.lastIndexOf(':');
                if (colon <= 0 || colon == p.length() - 1) {
                    throw new IllegalArgumentException("company.max.recordings: '" + p
                            + "' is not company:limit (e.g. acme:10,beta:5)");
                }
                String company = p.substring(0, colon).strip();
                int limit;
                try {
                    limit = Integer.parseInt(p.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("company.max.recordings: the limit of '" + company + "' is not a number: '"
                            + p.substring(colon + 1).strip() + "'");
                }
                if (limit < 0) {
                    throw new IllegalArgumentException("company.max.recordings: the limit of '" + company
                            + "' must be 0 (unlimited) or more, got " + limit);
                }
                if (limits.put(company, limit) != null) {
                    throw new IllegalArgumentException("company.max.recordings: '" + company + "' is given twice");
                }
            }
        }
        return new CompanyRecordingQuota(defaultLimit, limits, new ConcurrentHashMap<>());
    }

    /** This quota's limits with the counts of {@code current}: recordings in progress keep their slots across a reconfiguration. */
    public CompanyRecordingQuota keepingCountsOf(CompanyRecordingQuota current) {
        return new CompanyRecordingQuota(defaultLimit, limits, current.inProgress);
    }

    /** The limit of {@code company}: its override, else the default; {@link #UNLIMITED} for none. */
    public int limit(String company) {
        return limits.getOrDefault(company, defaultLimit);
    }

    /** Recordings of {@code company} in progress now. */
    public int inProgress(String company) {
        AtomicInteger n = inProgress.get(company);
        return n == null ? 0 : n.get();
    }

    /**
     * Takes a slot for one more recording of {@code company}.
     *
     * @return the slot, to be released when the recording ends; empty when the company has reached its limit
     */
    public Optional<Slot> acquire(String company) {
        int limit = limit(company);
        AtomicInteger n = inProgress.computeIfAbsent(company, c -> new AtomicInteger());
        while (true) {
            int now = n.get();
            if (limit != UNLIMITED && now >= limit) {
                return Optional.empty();
            }
            if (n.compareAndSet(now, now + 1)) {
                return Optional.of(new Slot(company, n));
            }
        }
    }

    @Override
    public String toString() {
        return "default " + (defaultLimit == UNLIMITED ? "unlimited" : defaultLimit) + (limits.isEmpty() ? "" : ", " + limits);
    }

    /** One recording's place in its company's quota. */
    public static final class Slot {
        private final String company;
        private final AtomicInteger count;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String company, AtomicInteger count) {
            this.company = company;
            this.count = count;
        }

        public String company() {
            return company;
        }

        /** Gives the place back; only the first call does anything. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        }
    }
}
