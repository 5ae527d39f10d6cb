package org.siprec.sip.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import javax.sdp.Attribute;
import javax.sdp.MediaDescription;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;

/**
 * Writes a new SDP body (offer or answer) through the javax.sdp API. Example, a SIPREC recording-session offer
 * (RFC 7866 section 8.1.1): one sendonly stream per recorded direction, labelled as in the metadata:
 *
 * <pre>{@code
 * SdpBuilder sdp = SdpBuilder.origin("siprec-src", sessionId, version, address).sessionName("SIPREC")
 *         .connection(address);
 * sdp.media("audio", port, "RTP/AVP").formatFrom(callMedia, "8").label("1").direction(SdpDirection.SENDONLY);
 * String text = sdp.build();   // v=, o=, s=, c=, t=0 0, m=audio <port> RTP/AVP 8, a=rtpmap:8 PCMA/8000, ...
 * }</pre>
 *
 * Lines end with CRLF. Each media line writes, in this order: its {@code c=} if set, then for each payload type its
 * {@code a=rtpmap} and {@code a=fmtp}, then {@code a=label}, the other attributes in the order added, and the
 * direction last. Values are checked as they are set ({@link IllegalArgumentException}), so text from a peer cannot
 * add lines. Not thread-safe; one builder per body.
 */
public final class SdpBuilder {
    /*
     * Parsed rather than SdpFactory.createSessionDescription(): that one fills in the origin with
     * InetAddress.getLocalHost(), a name lookup on every body.
     */
    private static final String TEMPLATE = "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

    private final String user;
    private final long sessionId;
    private final long sessionVersion;
    private final String originAddress;
    private String sessionName = "-";
    private String connection;
    private final List<MediaLine> media = new ArrayList<>();

    private SdpBuilder(String user, long sessionId, long sessionVersion, String originAddress) {
        this.user = token("origin user", user);
        if (sessionId < 0 || sessionVersion < 0) {
            throw new IllegalArgumentException("origin session id and version must not be negative");
        }
        this.sessionId = sessionId;
        this.sessionVersion = sessionVersion;
        this.originAddress = token("origin address", originAddress);
    }

    /**
     * Starts a body with its {@code o=} line (RFC 4566 section 5.2); the address type (IP4 or IP6) follows the
     * address. The session name is {@code -} until set.
     *
     * @param user           the origin user name, e.g. {@code siprec-src} or {@code -}
     * @param sessionId      the session id, not negative
     * @param sessionVersion the version; increase it with each new offer of the same session (RFC 3264 section 8)
     * @param address        the originating host's address
     * @throws IllegalArgumentException when a value is empty, negative or holds white space
     */
    public static SdpBuilder origin(String user, long sessionId, long sessionVersion, String address) {
        return new SdpBuilder(user, sessionId, sessionVersion, address);
    }

    /** The {@code s=} line; {@code -} unless set. */
    public SdpBuilder sessionName(String name) {
        this.sessionName = text("session name", name);
        if (sessionName.isBlank()) {
            throw new IllegalArgumentException("session name must not be blank (use -)");
        }
        return this;
    }

    /** The session-level {@code c=} line, applying to every media line without its own. */
    public SdpBuilder connection(String address) {
        this.connection = token("connection address", address);
        return this;
    }

    /**
     * Adds an {@code m=} line and returns it to be filled in (payload types, label, direction). Media lines are
     * written in the order added.
     *
     * @param type  media type, e.g. {@code audio}
     * @param port  the port; 0 rejects or disables the stream (RFC 3264 section 6)
     * @param proto transport protocol, e.g. {@code RTP/AVP}
     */
    public MediaLine media(String type, int port, String proto) {
        MediaLine line = new MediaLine(token("media type", type), port, token("media proto", proto));
        media.add(line);
        return line;
    }

    /**
     * The SDP text, lines ending with CRLF.
     *
     * @throws IllegalStateException when a media line has no payload type (an m= line needs at least one, even
     *                               when rejected)
     */
    public String build() {
        for (MediaLine line : media) {
            if (line.formats.isEmpty()) {
                throw new IllegalStateException("m=" + line.type + " line has no payload type");
            }
        }
        try {
            SdpFactory factory = SdpFactory.getInstance();
            SessionDescription sd = factory.createSessionDescription(TEMPLATE);
            sd.setOrigin(factory.createOrigin(user, sessionId, sessionVersion, "IN", addressType(originAddress),
                    originAddress));
            sd.setSessionName(factory.createSessionName(sessionName));
            if (connection != null) {
                sd.setConnection(factory.createConnection("IN", addressType(connection), connection));
            }
            Vector<MediaDescription> descriptions = new Vector<>();
            for (MediaLine line : media) {
                descriptions.add(line.description(factory));
            }
            sd.setMediaDescriptions(descriptions);
            return sd.toString();
        } catch (SdpException e) {
            // every value was checked when set, so the SDP API refusing one is a defect here
            throw new IllegalStateException("javax.sdp refused a checked value: " + e.getMessage(), e);
        }
    }

    /** One {@code m=} line being built; its methods return it for chaining. */
    public static final class MediaLine {
        private final String type;
        private final int port;
        private final String proto;
        private final List<String> formats = new ArrayList<>();
        private final Map<String, RtpMap> rtpmaps = new LinkedHashMap<>();
        private final Map<String, String> fmtps = new LinkedHashMap<>();
        private final List<String[]> attributes = new ArrayList<>();
        private String connection;
        private String label;
        private SdpDirection direction;

        private MediaLine(String type, int port, String proto) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("media port out of range: " + port);
            }
            this.type = type;
            this.port = port;
            this.proto = proto;
        }

        /** Adds a payload type (format) without attributes, e.g. for a rejected stream. */
        public MediaLine format(String payloadType) {
            return format(payloadType, null, null);
        }

        /** Adds a payload type with its {@code a=rtpmap} ({@code null}: none written). */
        public MediaLine format(String payloadType, RtpMap rtpmap) {
            return format(payloadType, rtpmap, null);
        }

        /**
         * Adds a payload type with its {@code a=rtpmap} and {@code a=fmtp} parameters; a {@code null} rtpmap or
         * fmtp is not written.
         *
         * @throws IllegalArgumentException when the payload type is already on this line, or a value is malformed
         */
        public MediaLine format(String payloadType, RtpMap rtpmap, String fmtp) {
            String pt = token("payload type", payloadType);
            if (formats.contains(pt)) {
                throw new IllegalArgumentException("payload type " + pt + " is already on this m= line");
            }
            String parameters = fmtp == null ? null : text("fmtp", fmtp).trim();
            formats.add(pt);
            if (rtpmap != null) {
                rtpmaps.put(pt, rtpmap);
            }
            if (parameters != null && !parameters.isEmpty()) {
                fmtps.put(pt, parameters);
            }
            return this;
        }

        /**
         * Adds a payload type as another m= line describes it: its rtpmap ({@link SdpMedia#rtpmap(String)}, so a
         * static type gets its RFC 3551 rtpmap written out, with the real clock rate) and its fmtp.
         */
        public MediaLine formatFrom(SdpMedia source, String payloadType) {
            return format(payloadType, source.rtpmap(payloadType), source.fmtp(payloadType));
        }

        /** A media-level {@code c=} line, overriding the session's for this stream. */
        public MediaLine connection(String address) {
            this.connection = token("connection address", address);
            return this;
        }

        /** The {@code a=label} (RFC 4574) that ties this stream to the recording metadata; {@code null}: none. */
        public MediaLine label(String label) {
            this.label = label == null ? null : text("label", label).trim();
            if (this.label != null && this.label.isEmpty()) {
                throw new IllegalArgumentException("label must not be blank (use null for none)");
            }
            return this;
        }

        /** The direction attribute, written last; {@code null} (the default): none, which SDP reads as sendrecv. */
        public MediaLine direction(SdpDirection direction) {
            this.direction = direction;
            return this;
        }

        /**
         * Another attribute, e.g. {@code attribute("ptime", "20")}; a {@code null} value writes a property
         * attribute ({@code a=name}). Use {@link #format}, {@link #label} and {@link #direction} for those.
         */
        public MediaLine attribute(String name, String value) {
            attributes.add(new String[] {token("attribute name", name), value == null ? null : text("attribute", value)});
            return this;
        }

        private MediaDescription description(SdpFactory factory) throws SdpException {
            MediaDescription md = factory.createMediaDescription(type, port, 1, proto, formats.toArray(new String[0]));
            if (connection != null) {
                md.setConnection(factory.createConnection("IN", addressType(connection), connection));
            }
            Vector<Attribute> list = new Vector<>();
            for (String pt : formats) {
                RtpMap rtpmap = rtpmaps.get(pt);
                if (rtpmap != null) {
                    list.add(factory.createAttribute("rtpmap", pt + " " + rtpmap));
                }
                String fmtp = fmtps.get(pt);
                if (fmtp != null) {
                    list.add(factory.createAttribute("fmtp", pt + " " + fmtp));
                }
            }
            if (label != null) {
                list.add(factory.createAttribute("label", label));
            }
            for (String[] a : attributes) {
                list.add(factory.createAttribute(a[0], a[1]));
            }
            if (direction != null) {
                list.add(factory.createAttribute(direction.attribute(), null));
            }
            md.setAttributes(list);
            return md;
        }
    }

    private static String addressType(String address) {
        return address.indexOf(':') >= 0 ? "IP6" : "IP4";
    }

    /** A single SDP token: not empty, no white space or control characters. */
    private static String token(String what, String value) {
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
            throw new IllegalArgumentException(what + " must be a non-empty token without spaces: " + quoted(value));
        }
        return value;
    }

    /** Free text within one line: no CR, LF or NUL, which would end the line or the body early. */
    private static String text(String what, String value) {
        if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException(what + " must be one line of text: " + quoted(value));
        }
        return value;
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
