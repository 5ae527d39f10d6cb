package org.siprec.sip.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Vector;
import java.util.function.IntUnaryOperator;
import javax.sdp.Attribute;
import javax.sdp.Connection;
import javax.sdp.MediaDescription;
import javax.sdp.Origin;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;

/**
 * A parsed SDP body that can be re-addressed so media flows through the platform. Not thread-safe; one per body.
 */
public final class SessionDescriptionEditor {
    private static final Set<String> DIRECTIONS = Set.of("sendrecv", "sendonly", "recvonly", "inactive");
    /** Attributes that describe the far end's own transport addresses and are wrong once media is anchored. */
    private static final Set<String> ADDRESS_ATTRIBUTES = Set.of("rtcp", "candidate", "remote-candidates",
            "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "ice-mismatch", "end-of-candidates");

    /**
     * The most m= lines {@link #parse(String)} accepts. Each anchored m= line holds four relay ports (eight when
     * recorded) and is offered to the SRS; calls have a few, and a peer must not make one body cost hundreds.
     */
    public static final int MAX_MEDIA = 64;

    private final SdpFactory factory = SdpFactory.getInstance();
    private final SessionDescription description;
    private final List<SdpMedia> media;

    private SessionDescriptionEditor(SessionDescription description, List<SdpMedia> media) {
        this.description = description;
        this.media = media;
    }

    /**
     * Parses and checks an SDP body.
     *
     * @throws InvalidSdpException when the body is not SDP a call can use (no v=, no m=, no connection address,
     *                             bad port, a line that cannot be read), with a reason naming the line, or
     *                             {@link TooManyMediaException} beyond {@link #MAX_MEDIA} m= lines; never another
     *                             exception, whatever the text
     */
    public static SessionDescriptionEditor parse(String text) throws InvalidSdpException {
        return parse(text, MAX_MEDIA);
    }

    /**
     * Parses and checks an SDP body of at most {@code maxMedia} m= lines.
     *
     * @throws TooManyMediaException when the body has more m= lines
     * @throws InvalidSdpException   as {@link #parse(String)}
     */
    public static SessionDescriptionEditor parse(String text, int maxMedia) throws InvalidSdpException {
        if (maxMedia < 1) {
            throw new IllegalArgumentException("maxMedia must be at least 1: " + maxMedia);
        }
        if (text == null || text.isBlank()) {
            throw new InvalidSdpException("empty SDP body");
        }
        String trimmed = text.stripLeading();
        if (!trimmed.startsWith("v=")) {
            throw new InvalidSdpException("SDP must start with v=");
        }
        SessionDescription sd = SdpReader.read(trimmed, maxMedia);
        try {
            return new SessionDescriptionEditor(sd, readMedia(sd));
        } catch (SdpException | RuntimeException e) {
            throw new InvalidSdpException("invalid SDP: " + e.getMessage(), e);
        }
    }

    private static List<SdpMedia> readMedia(SessionDescription sd) throws SdpException, InvalidSdpException {
        if (sd.getOrigin() == null) {
            throw new InvalidSdpException("SDP has no o= line");
        }
        @SuppressWarnings("unchecked")
        Vector<MediaDescription> mds = sd.getMediaDescriptions(false);
        if (mds == null || mds.isEmpty()) {
            throw new InvalidSdpException("SDP has no m= line");
        }
        String sessionAddress = sd.getConnection() == null ? null : sd.getConnection().getAddress();
        String sessionDirection = direction(sd.getAttributes(false), "sendrecv");
        List<SdpMedia> result = new ArrayList<>();
        for (int i = 0; i < mds.size(); i++) {
            MediaDescription md = mds.get(i);
            javax.sdp.Media m = md.getMedia();
            if (m == null || m.getMediaType() == null) {
                throw new InvalidSdpException("m= line " + i + " is incomplete");
            }
            int port = m.getMediaPort();
            if (port < 0 || port > 65535) {
                throw new InvalidSdpException("m= line " + i + " has port " + port);
            }
            String address = md.getConnection() != null ? md.getConnection().getAddress() : sessionAddress;
            if (address == null && port != 0) {
                throw new InvalidSdpException("m= line " + i + " has no connection address (c=)");
            }
            @SuppressWarnings("unchecked")
            Vector<String> formats = m.getMediaFormats(false);
            List<String> fmts = formats == null ? List.of() : List.copyOf(formats);
            String proto = m.getProtocol() == null ? "" : m.getProtocol();
            MediaAttributes attributes = MediaAttributes.read(md.getAttributes(false));
            SdpMedia read = new SdpMedia(i, m.getMediaType(), port, address,
                    direction(md.getAttributes(false), sessionDirection), fmts, null, proto, attributes.label(),
                    attributes.rtpmaps(), attributes.fmtps());
            result.add(withCodec(read));
        }
        return Collections.unmodifiableList(result);
    }

    private static String direction(Vector<?> attributes, String fallback) throws SdpException {
        if (attributes != null) {
            for (Object o : attributes) {
                String name = ((Attribute) o).getName();
                if (name != null && DIRECTIONS.contains(name.toLowerCase(Locale.ROOT))) {
                    return name.toLowerCase(Locale.ROOT);
                }
            }
        }
        return fallback;
    }

    /** The same m= line with {@code codec}: the encoding name of its first payload type. */
    private static SdpMedia withCodec(SdpMedia m) {
        RtpMap first = m.formats().isEmpty() ? null : m.rtpmap(m.formats().get(0));
        return first == null ? m : new SdpMedia(m.index(), m.type(), m.port(), m.address(), m.direction(),
                m.formats(), first.encoding(), m.proto(), m.label(), m.rtpmaps(), m.fmtps());
    }

    /** The m= lines in order, with their attributes. */
    public List<SdpMedia> media() {
        return media;
    }

    /**
     * Returns this SDP re-addressed to the platform: every connection address and the origin address become
     * {@code address}, and each m= line with a non-zero port gets the port {@code portForIndex} gives for its
     * index. Streams on hold by {@code c=0.0.0.0} stay so; rejected streams (port 0) stay rejected; attributes that
     * carry the far end's transport addresses (rtcp, ICE) are dropped.
     */
    public String anchoredTo(String address, IntUnaryOperator portForIndex) throws InvalidSdpException {
        try {
            SessionDescription copy = (SessionDescription) description.clone();
            Origin origin = copy.getOrigin();
            origin.setAddress(address);
            origin.setAddressType("IP4");
            Connection sessionConnection = copy.getConnection();
            if (sessionConnection != null && !"0.0.0.0".equals(sessionConnection.getAddress())) {
                copy.setConnection(factory.createConnection("IN", "IP4", address));
            }
            removeAddressAttributes(copy.getAttributes(false));
            @SuppressWarnings("unchecked")
            Vector<MediaDescription> mds = copy.getMediaDescriptions(false);
            for (int i = 0; i < mds.size(); i++) {
                MediaDescription md = mds.get(i);
                SdpMedia read = media.get(i);
                if (read.port() != 0) {
                    md.getMedia().setMediaPort(portForIndex.applyAsInt(i));
                }
                Connection c = md.getConnection();
                if (c != null && !"0.0.0.0".equals(c.getAddress())) {
                    md.setConnection(factory.createConnection("IN", "IP4", address));
                } else if (c == null && sessionConnection == null) {
                    md.setConnection(factory.createConnection("IN", "IP4", address));
                }
                removeAddressAttributes(md.getAttributes(false));
            }
            return copy.toString();
        } catch (SdpException | CloneNotSupportedException | RuntimeException e) {
            throw new InvalidSdpException("cannot rewrite SDP: " + e.getMessage(), e);
        }
    }

    private static void removeAddressAttributes(Vector<?> attributes) throws SdpException {
        if (attributes == null) {
            return;
        }
        for (int i = attributes.size() - 1; i >= 0; i--) {
            String name = ((Attribute) attributes.get(i)).getName();
            if (name != null && ADDRESS_ATTRIBUTES.contains(name.toLowerCase(Locale.ROOT))) {
                attributes.remove(i);
            }
        }
    }
}
