package org.siprec.metadata;

import java.util.Objects;

/**
 * A media stream ({@code <stream>}, RFC 7865 section 6.7) as the SRC sends it to the SRS.
 *
 * @param id the {@code stream_id}
 * @param sessionId the {@code session_id} of the communication session the stream belongs to; {@code null} only
 *        when read from a document that does not say
 * @param label the {@code <label>}: the SDP {@code a=label} of the recording session's m-line carrying the stream;
 *        {@code null} only when read from a document without one
 */
public record Stream(MetadataId id, MetadataId sessionId, String label) {

    public Stream {
        Objects.requireNonNull(id, "id");
    }

    public static Stream of(MetadataId id, MetadataId sessionId, String label) {
        return new Stream(id, sessionId, label);
    }
}
