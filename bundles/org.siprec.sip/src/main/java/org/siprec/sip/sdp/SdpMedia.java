package org.siprec.sip.sdp;

import java.util.List;

/**
 * One {@code m=} line as read from an SDP body.
 *
 * @param index      position of the m= line, from 0
 * @param type       media type, e.g. {@code audio}
 * @param port       RTP port; 0 means the stream is rejected or disabled
 * @param address    connection address that applies to this m= line (media level, else session level)
 * @param direction  {@code sendrecv}, {@code sendonly}, {@code recvonly} or {@code inactive}
 * @param formats    the payload types offered, in order
 * @param codec      the encoding name of the first payload type, e.g. {@code PCMA}, or {@code null} if unknown
 */
public record SdpMedia(int index, String type, int port, String address, String direction, List<String> formats,
        String codec) {
    public SdpMedia {
        formats = List.copyOf(formats);
    }

    /** Whether the endpoint asks not to receive media (hold): sendonly, inactive, or c=0.0.0.0. */
    public boolean onHold() {
        return "sendonly".equals(direction) || "inactive".equals(direction) || "0.0.0.0".equals(address);
    }
}
