package org.siprec.api.catalog;

import java.time.Instant;
import java.util.Set;

/**
 * Filters of a {@link RecordingQuery#search}; every non-null filter must match.
 *
 * @param party         a part of a party's number, address of record or name (case-insensitive), or {@code null}
 * @param company       the company's id, exactly, or {@code null}
 * @param from          recordings started at or after this instant, or {@code null}
 * @param to            recordings started before this instant, or {@code null}
 * @param state         {@code recording}, {@code completed}, {@code failed} or {@code interrupted}, or {@code null}
 * @param page          0-based page number
 * @param size          recordings per page, 1 to {@value #MAX_SIZE}
 * @param user          a served user: a number ({@code +4930111}, any separators) or address of record
 *                      ({@code sip:alice@example.com}) that one of the parties has exactly, or {@code null} (since 1.3)
 * @param direction     the recorded call's direction or session case ({@code orig}, {@code term}), or {@code null}
 *                      (since 1.3)
 * @param minDurationMs recordings that lasted at least this long, or {@code null} (since 1.3)
 * @param maxDurationMs recordings that lasted at most this long, or {@code null} (since 1.3)
 * @param sort          the order of the result (since 1.3)
 * @param ascending     whether in ascending order of {@code sort} (since 1.3)
 * @param scope         what the one who asks may see at all; {@link Scope#ALL} for everything (since 1.3)
 * @since 1.2
 */
public record RecordingSearch(String party, String company, Instant from, Instant to, String state, int page,
        int size, String user, String direction, Long minDurationMs, Long maxDurationMs, Sort sort, boolean ascending,
        Scope scope) {
    /** The largest page. */
    public static final int MAX_SIZE = 500;

    public RecordingSearch {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, not " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to " + MAX_SIZE + ", not " + size);
        }
        sort = sort == null ? Sort.START : sort;
        scope = scope == null ? Scope.ALL : scope;
    }

    /** The search of API 1.2: latest start first, no user, direction or duration filter, everything visible. */
    public RecordingSearch(String party, String company, Instant from, Instant to, String state, int page, int size) {
        this(party, company, from, to, state, page, size, null, null, null, null, Sort.START, false, Scope.ALL);
    }

    /**
     * What a search result is ordered by (then by id, in the same direction).
     *
     * @since 1.3
     */
    public enum Sort {
        /** When recording started. */
        START,
        /** How long it lasted (recordings still going last). */
        DURATION
    }

    /**
     * The recordings someone may see at all, applied to searches and to {@link RecordingQuery#find(String, Scope)}:
     * each non-null set must match; an empty set matches nothing.
     *
     * @param companies the companies whose recordings may be seen, or {@code null} for any
     * @param parties   numbers or addresses of record of which one must be a party of the recording (as
     *                  {@link RecordingSearch#user}), or {@code null} for any
     * @since 1.3
     */
    public record Scope(Set<String> companies, Set<String> parties) {
        /** Everything. */
        public static final Scope ALL = new Scope(null, null);

        public Scope {
            companies = companies == null ? null : Set.copyOf(companies);
            parties = parties == null ? null : Set.copyOf(parties);
        }

        /** Whether this scope lets everything be seen. */
        public boolean all() {
            return companies == null && parties == null;
        }
    }
}
