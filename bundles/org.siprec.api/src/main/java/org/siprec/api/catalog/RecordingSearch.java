package org.siprec.api.catalog;

import java.time.Instant;

/**
 * Filters of a {@link RecordingQuery#search}; every non-null filter must match.
 *
 * @param party   a part of a party's number, address of record or name (case-insensitive), or {@code null}
 * @param company the company's id, exactly, or {@code null}
 * @param from    recordings started at or after this instant, or {@code null}
 * @param to      recordings started before this instant, or {@code null}
 * @param state   {@code recording}, {@code completed}, {@code failed} or {@code interrupted}, or {@code null}
 * @param page    0-based page number
 * @param size    recordings per page, 1 to {@value #MAX_SIZE}
 * @since 1.2
 */
public record RecordingSearch(String party, String company, Instant from, Instant to, String state, int page,
        int size) {
    /** The largest page. */
    public static final int MAX_SIZE = 500;

    public RecordingSearch {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, not " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to " + MAX_SIZE + ", not " + size);
        }
    }
}
