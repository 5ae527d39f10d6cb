package org.siprec.src.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.RtpMap;
import org.siprec.sip.sdp.SdpMedia;

/**
 * The platform's own answer to the caller's offer, sent in a 183 so that an announcement can be played to the caller
 * in early media while the callee is alerted (SRC configuration {@code announcement.moment=early}). It accepts the
 * caller's first audio stream with one G.711 format (the first PCMU or PCMA the caller offered, plus its
 * telephone-event if any) on the relay's port facing the caller, and rejects every other stream (port 0).
 * <p>
 * Because the caller's offer/answer is then complete, the 200 later repeats this answer (RFC 3261 13.2.1, RFC 3262)
 * and the callee is offered only that format ({@link #restrict}): the relay does not transcode, so both sides must
 * end up with the same codec.
 *
 * @param stream         the accepted m= line as answered: its index in the offer, one G.711 format (and
 *                       telephone-event), sendrecv
 * @param telephoneEvent the caller's telephone-event payload type kept in the answer, or {@code null}
 */
public record EarlyAnswer(List<SdpMedia> offer, SdpMedia stream, String telephoneEvent) {

    /**
     * Chooses the stream to answer from the caller's offer.
     *
     * @throws InvalidSdpException when the offer has no audio stream with PCMU or PCMA at 8000 Hz (the prompt is
     *                             then played on answer instead, after the normal offer/answer)
     */
    public static EarlyAnswer choose(List<SdpMedia> offer) throws InvalidSdpException {
        for (SdpMedia m : offer) {
            if (!"audio".equals(m.type()) || m.port() == 0 || !m.isRtp()) {
                continue;
            }
            String g711 = null;
            String dtmf = null;
            for (String pt : m.formats()) {
                RtpMap map = m.rtpmap(pt);
                if (map == null || map.clockRate() != 8000) {
                    continue;
                }
                if (g711 == null && (map.isEncoding("PCMU") || map.isEncoding("PCMA"))) {
                    g711 = pt;
                } else if (dtmf == null && map.isEncoding("telephone-event")) {
                    dtmf = pt;
                }
            }
            if (g711 != null) {
                List<String> formats = dtmf == null ? List.of(g711) : List.of(g711, dtmf);
                Map<String, String> fmtps = dtmf != null && m.fmtp(dtmf) != null ? Map.of(dtmf, m.fmtp(dtmf)) : Map.of();
                SdpMedia answered = new SdpMedia(m.index(), "audio", m.port(), m.address(), "sendrecv", formats,
                        m.rtpmap(g711).encoding(), m.proto(), null, Map.of(), fmtps);
                return new EarlyAnswer(offer, answered, dtmf);
            }
        }
        throw new InvalidSdpException("the caller offers no G.711 (PCMU/PCMA 8000 Hz) audio stream to play it on");
    }

    /** The G.711 payload type the prompt is coded in. */
    public int payloadType() {
        return Integer.parseInt(stream.formats().get(0));
    }

    /**
     * The answer's SDP: the relay's {@code address}, {@code port} for the accepted stream, every other m= line
     * rejected with port 0 (RFC 3264 section 6).
     */
    public String sdp(String address, int port, long sessionId) {
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=siprec ").append(sessionId).append(" 1 IN IP4 ").append(address).append("\r\n")
                .append("s=siprec\r\n")
                .append("c=IN IP4 ").append(address).append("\r\n")
                .append("t=0 0\r\n");
        for (SdpMedia m : offer) {
            if (m.index() != stream.index()) {
                sdp.append("m=").append(m.type()).append(" 0 ").append(m.proto()).append(' ')
                        .append(m.formats().isEmpty() ? "0" : m.formats().get(0)).append("\r\n");
                continue;
            }
            sdp.append("m=audio ").append(port).append(' ').append(m.proto()).append(' ')
                    .append(String.join(" ", stream.formats())).append("\r\n");
            String g711 = stream.formats().get(0);
            sdp.append("a=rtpmap:").append(g711).append(' ').append(stream.codec().toUpperCase(java.util.Locale.ROOT))
                    .append("/8000\r\n");
            if (telephoneEvent != null) {
                sdp.append("a=rtpmap:").append(telephoneEvent).append(" telephone-event/8000\r\n");
                String fmtp = stream.fmtp(telephoneEvent);
                if (fmtp != null) {
                    sdp.append("a=fmtp:").append(telephoneEvent).append(' ').append(fmtp).append("\r\n");
                }
            }
            sdp.append("a=sendrecv\r\n");
        }
        return sdp.toString();
    }

    /**
     * The offer toward the callee (already anchored to the relay) with the accepted stream narrowed to the
     * answer's formats, so that the callee cannot pick a codec the caller was not given; other lines unchanged.
     */
    public String restrict(String offerTowardCallee) {
        String[] lines = offerTowardCallee.split("\r?\n");
        List<String> out = new ArrayList<>(lines.length);
        int index = -1;
        for (String line : lines) {
            if (line.startsWith("m=")) {
                index++;
                if (index == stream.index()) {
                    String[] f = line.split(" ");
                    if (f.length >= 3) {
                        line = f[0] + " " + f[1] + " " + f[2] + " " + String.join(" ", stream.formats());
                    }
                }
            }
            out.add(line);
        }
        return String.join("\r\n", out) + "\r\n";
    }
}
