package org.siprec.api.media;

/**
 * A direction media takes through the mirror, as counted by {@link MediaMirror#packetCounts(MediaDirection)}.
 *
 * @since 1.4
 */
public enum MediaDirection {
    /** From the caller (side {@link RelayStream.Side#A}) toward the callee. */
    CALLER,
    /** From the callee (side {@link RelayStream.Side#B}) toward the caller. */
    CALLEE,
    /** The copies of either party's RTP sent to the recorders (SRSs). */
    SRS;

    /** The lower-case name, as used in metric labels ({@code caller}, {@code callee}, {@code srs}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
