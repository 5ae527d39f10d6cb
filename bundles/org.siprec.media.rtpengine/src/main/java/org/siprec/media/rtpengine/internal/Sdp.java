package org.siprec.media.rtpengine.internal;

import java.net.InetSocketAddress;

/**
 * The one-stream SDP the mirror exchanges with rtpengine. The media SPI hands the mirror addresses, not SDP, so each
 * side's SDP is written here from its address; the formats are a fixed list (G.711, G.722, G.729, telephone-event)
 * so that rtpengine knows the payload types it may see; it forwards them unchanged (no transcoding is asked for).
 * The parties' real SDP still goes between them through the SRC unchanged apart from address and port.
 */
final class Sdp {
    /** Payload types offered to rtpengine for every side and fork. */
    static final String FORMATS = "0 8 9 18 101";

    private Sdp() {
    }

    /**
     * @param rtp       the side's RTP address; {@code null} = not known yet or on hold ({@code c=0.0.0.0}, port 9)
     * @param direction {@code sendrecv}, {@code sendonly}, {@code recvonly}
     */
    static String of(InetSocketAddress rtp, String direction) {
        String address = rtp == null ? "0.0.0.0" : rtp.getAddress().getHostAddress();
        int port = rtp == null ? 9 : rtp.getPort();
        String family = rtp != null && rtp.getAddress() instanceof java.net.Inet6Address ? "IP6" : "IP4";
        return "v=0\r\n"
                + "o=- 1 1 IN " + family + " " + address + "\r\n"
                + "s=siprec\r\n"
                + "c=IN " + family + " " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + FORMATS + "\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:9 G722/8000\r\n"
                + "a=rtpmap:18 G729/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=" + direction + "\r\n";
    }

    /** The port of the first {@code m=} line of an SDP rtpengine wrote. */
    static int port(Object sdp) throws NgException {
        if (!(sdp instanceof String text)) {
            throw new NgException("rtpengine answered without an SDP");
        }
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("m=")) {
                String[] fields = line.substring(2).split(" ");
                try {
                    int port = fields.length > 1 ? Integer.parseInt(fields[1]) : -1;
                    if (port > 0 && port <= 65535) {
                        return port;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new NgException("rtpengine's SDP has no usable port in '" + line + "'");
            }
        }
        throw new NgException("rtpengine's SDP has no m= line");
    }
}
