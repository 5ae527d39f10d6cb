package org.siprec.api.catalog;

import java.util.List;

/**
 * One page of the result of a {@link RecordingQuery#search}.
 *
 * @param recordings the recordings of the page, latest started first
 * @param page       its 0-based number
 * @param size       the page size asked for
 * @param total      how many recordings match in all
 * @since 1.2
 */
public record RecordingPage(List<StoredRecording> recordings, int page, int size, long total) {
    public RecordingPage {
        recordings = List.copyOf(recordings);
    }
}
