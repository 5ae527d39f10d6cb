package org.siprec.sip.sdp;

import java.util.Map;

/**
 * What an RTP payload type carries, as an {@code a=rtpmap} attribute says (RFC 4566 section 6, RFC 3551):
 * {@code <encoding name>/<clock rate>[/<channels>]}, e.g. {@code PCMA/8000}, {@code telephone-event/8000},
 * {@code opus/48000/2}.
 *
 * @param encoding  the encoding name as written, e.g. {@code PCMA} or {@code telephone-event}; compare with
 *                  {@link #isEncoding(String)}, SDP peers differ in case
 * @param clockRate the RTP clock rate in Hz, e.g. 8000, 48000 (opus), 90000 (video)
 * @param channels  the number of audio channels; 1 when the rtpmap gives none
 */
public record RtpMap(String encoding, int clockRate, int channels) {
    /** The static payload types of RFC 3551 (table 4 and 5), used when an m= line lists one without a=rtpmap. */
    private static final Map<String, RtpMap> STATIC = Map.ofEntries(
            Map.entry("0", new RtpMap("PCMU", 8000, 1)),
            Map.entry("3", new RtpMap("GSM", 8000, 1)),
            Map.entry("4", new RtpMap("G723", 8000, 1)),
            Map.entry("5", new RtpMap("DVI4", 8000, 1)),
            Map.entry("6", new RtpMap("DVI4", 16000, 1)),
            Map.entry("7", new RtpMap("LPC", 8000, 1)),
            Map.entry("8", new RtpMap("PCMA", 8000, 1)),
            // G.722's RTP clock is 8000 although it samples at 16 kHz (RFC 3551 section 4.5.2)
            Map.entry("9", new RtpMap("G722", 8000, 1)),
            Map.entry("10", new RtpMap("L16", 44100, 2)),
            Map.entry("11", new RtpMap("L16", 44100, 1)),
            Map.entry("12", new RtpMap("QCELP", 8000, 1)),
            Map.entry("13", new RtpMap("CN", 8000, 1)),
            Map.entry("14", new RtpMap("MPA", 90000, 1)),
            Map.entry("15", new RtpMap("G728", 8000, 1)),
            Map.entry("16", new RtpMap("DVI4", 11025, 1)),
            Map.entry("17", new RtpMap("DVI4", 22050, 1)),
            Map.entry("18", new RtpMap("G729", 8000, 1)),
            Map.entry("25", new RtpMap("CelB", 90000, 1)),
            Map.entry("26", new RtpMap("JPEG", 90000, 1)),
            Map.entry("28", new RtpMap("nv", 90000, 1)),
            Map.entry("31", new RtpMap("H261", 90000, 1)),
            Map.entry("32", new RtpMap("MPV", 90000, 1)),
            Map.entry("33", new RtpMap("MP2T", 90000, 1)),
            Map.entry("34", new RtpMap("H263", 90000, 1)));

    /**
     * @throws IllegalArgumentException when the encoding is blank or holds white space or {@code /}, the clock rate
     *                                  is not positive, or channels is below 1
     */
    public RtpMap {
        if (encoding == null || encoding.isEmpty() || !encoding.chars().allMatch(RtpMap::tokenChar)) {
            throw new IllegalArgumentException("bad rtpmap encoding name: " + encoding);
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("bad rtpmap clock rate: " + clockRate);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("bad rtpmap channel count: " + channels);
        }
    }

    /**
     * Reads the part of an rtpmap after the payload type, e.g. {@code opus/48000/2}.
     *
     * @throws IllegalArgumentException with the reason when the text is not {@code name/rate[/channels]}
     */
    public static RtpMap parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no rtpmap");
        }
        String[] parts = text.trim().split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("rtpmap is not name/rate[/channels]: " + text);
        }
        try {
            int rate = Integer.parseInt(parts[1].trim());
            int channels = parts.length == 3 ? Integer.parseInt(parts[2].trim()) : 1;
            return new RtpMap(parts[0].trim(), rate, channels);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rtpmap has a non-numeric rate or channel count: " + text, e);
        }
    }

    /** The RFC 3551 static assignment of a payload type ({@code 8} is PCMA/8000), or {@code null} if it has none. */
    public static RtpMap ofStaticType(String payloadType) {
        return payloadType == null ? null : STATIC.get(payloadType.trim());
    }

    /** Whether this is the given encoding, ignoring case ({@code isEncoding("telephone-event")}). */
    public boolean isEncoding(String name) {
        return encoding.equalsIgnoreCase(name);
    }

    /** The attribute text after the payload type: {@code opus/48000/2}, {@code PCMA/8000} (one channel unsaid). */
    @Override
    public String toString() {
        return channels == 1 ? encoding + "/" + clockRate : encoding + "/" + clockRate + "/" + channels;
    }

    private static boolean tokenChar(int c) {
        return c > 0x20 && c < 0x7f && c != '/';
    }
}
