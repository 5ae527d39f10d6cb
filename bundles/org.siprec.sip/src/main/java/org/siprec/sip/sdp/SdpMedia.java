package org.siprec.sip.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code m=} line as read from an SDP body, with the attributes callers need of it.
 *
 * @param index      position of the m= line, from 0
 * @param type       media type, e.g. {@code audio}
 * @param port       RTP port; 0 means the stream is rejected or disabled
 * @param address    connection address that applies to this m= line (media level, else session level)
 * @param direction  {@code sendrecv}, {@code sendonly}, {@code recvonly} or {@code inactive} (media level, else
 *                   session level, else sendrecv); see {@link SdpDirection#of(String)}
 * @param formats    the payload types offered, in order
 * @param codec      the encoding name of the first payload type, e.g. {@code PCMA}, or {@code null} if unknown
 * @param proto      the transport protocol of the m= line, e.g. {@code RTP/AVP}, {@code RTP/SAVP}, {@code udptl}
 * @param label      the {@code a=label} of the stream (RFC 4574; SIPREC ties streams to metadata by it), or
 *                   {@code null} when absent or empty
 * @param rtpmaps    the {@code a=rtpmap} attributes by payload type, as written (static payload types without
 *                   one are not in it: use {@link #rtpmap(String)}); malformed rtpmaps are left out
 * @param fmtps      the {@code a=fmtp} parameters by payload type, e.g. {@code 101 -> 0-15}
 */
public record SdpMedia(int index, String type, int port, String address, String direction, List<String> formats,
        String codec, String proto, String label, Map<String, RtpMap> rtpmaps, Map<String, String> fmtps) {
    public SdpMedia {
        formats = List.copyOf(formats);
        rtpmaps = Collections.unmodifiableMap(new LinkedHashMap<>(rtpmaps));
        fmtps = Collections.unmodifiableMap(new LinkedHashMap<>(fmtps));
    }

    /**
     * An m= line known by its first seven fields only: proto {@code RTP/AVP}, no label, no rtpmap or fmtp
     * attributes. Kept for callers written before those fields existed.
     */
    public SdpMedia(int index, String type, int port, String address, String direction, List<String> formats,
            String codec) {
        this(index, type, port, address, direction, formats, codec, "RTP/AVP", null, Map.of(), Map.of());
    }

    /** Whether the endpoint asks not to receive media (hold): sendonly, inactive, or c=0.0.0.0. */
    public boolean onHold() {
        return "sendonly".equals(direction) || "inactive".equals(direction) || "0.0.0.0".equals(address);
    }

    /**
     * What a payload type carries: its {@code a=rtpmap}, else (on an RTP m= line) its RFC 3551 static assignment,
     * else {@code null}. E.g. {@code 8} without a=rtpmap gives PCMA/8000; {@code 101} needs an a=rtpmap.
     */
    public RtpMap rtpmap(String payloadType) {
        RtpMap written = rtpmaps.get(payloadType);
        if (written != null || !isRtp()) {
            return written;
        }
        return RtpMap.ofStaticType(payloadType);
    }

    /** The {@code a=fmtp} parameters of a payload type, e.g. {@code 0-16} for telephone-event, or {@code null}. */
    public String fmtp(String payloadType) {
        return fmtps.get(payloadType);
    }

    /** Whether the m= line carries RTP ({@code RTP/AVP}, {@code RTP/AVPF}, {@code RTP/SAVP}, ...), so its formats are payload types. */
    public boolean isRtp() {
        return proto != null && proto.toUpperCase(Locale.ROOT).contains("RTP/");
    }
}
