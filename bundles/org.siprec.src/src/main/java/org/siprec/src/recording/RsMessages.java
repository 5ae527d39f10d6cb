package org.siprec.src.recording;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import org.siprec.api.media.ForkStream;
import org.siprec.metadata.MetadataFormat;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.SipHeaders;
import org.siprec.sip.body.Multipart;
import org.siprec.sip.dialog.Tags;
import org.siprec.sip.sdp.SdpBuilder;
import org.siprec.sip.sdp.SdpDirection;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.src.recording.RecordingMetadataBuilder.Recorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SRC's recording-session messages look like (RFC 7866): the RS INVITE (`Require: siprec`, Contact with
 * `+sip.src`, over TCP when too large for UDP), its multipart body (SDP + RFC 7865 metadata), the SDP offer, and
 * reading the SDP out of an SRS's answer.
 */
final class RsMessages {
    private static final Logger LOG = LoggerFactory.getLogger(RsMessages.class);
    /** RFC 3261 18.1.1: a request within 200 bytes of the path MTU (1500) goes over a congestion-controlled transport. */
    static final int UDP_LIMIT = 1300;

    /** A built RS INVITE; {@code upgradedToTcp} when it goes over TCP only because of its size. */
    record Invite(Request request, boolean upgradedToTcp) {
    }

    private final SipEndpoint sip;
    private final String callId;
    private final String mediaAddress;
    private long sdpVersion = 1;
    /** Transport of the last RS INVITE built (udp, tcp or tls): our Contact in that RS dialog names it for TLS. */
    private volatile String transport = "udp";
    /** Whether that INVITE went to a sips: URI: our Contact is then sips: too (RFC 3261 8.1.1.8). */
    private volatile boolean secure;

    RsMessages(SipEndpoint sip, String callId, String mediaAddress) {
        this.sip = sip;
        this.callId = callId;
        this.mediaAddress = mediaAddress;
    }

    /** {@code host:port} of an SRS URI, for remembering transport failures; the URI itself when unparseable. */
    String hostPort(String srsUri) {
        try {
            URI uri = sip.addressFactory().createURI(srsUri);
            if (uri instanceof SipURI sipUri) {
                return sipUri.getHost() + ":" + (sipUri.getPort() > 0 ? sipUri.getPort() : 5060);
            }
        } catch (java.text.ParseException e) {
            // an unparseable URI fails when the INVITE is built
        }
        return srsUri;
    }

    /** The RS INVITE to an SRS; over TCP when {@code mayUpgrade} and it is too large for UDP. */
    Invite invite(String srsUriText, byte[] body, boolean mayUpgrade) throws Exception {
        HeaderFactory h = sip.headerFactory();
        URI uri = sip.addressFactory().createURI(srsUriText);
        if (!(uri instanceof SipURI srsUri)) {
            throw new IllegalArgumentException("not a SIP URI");
        }
        srsUri.removeParameter(SrtpMode.PARAMETER); // ours, for choosing SRTP; not the SRS's business
        // sips: or ;transport=tls: over TLS from this endpoint's TLS listening point (the SRS's certificate is
        // checked by the endpoint; a failed handshake fails the sending, and the next SRS is tried)
        boolean tls = srsUri.isSecure() || "tls".equalsIgnoreCase(srsUri.getTransportParam());
        boolean tcp = !tls && "tcp".equalsIgnoreCase(srsUri.getTransportParam());
        if (tls && sip.tlsPort() == 0) {
            throw new IllegalStateException("TLS to the SRS needs a TLS listening point on SIP endpoint '" + sip.name()
                    + "' (tls.port, tls.keystore in etc/org.siprec.sip.cfg)");
        }
        transport = tls ? "tls" : tcp ? "tcp" : "udp";
        secure = srsUri.isSecure();
        SipURI fromUri = sip.addressFactory().createSipURI("siprec-src", sip.host());
        Request request = build(h, srsUri, fromUri, transport, body);
        if (mayUpgrade && !tcp && !tls && request.toString().length() > UDP_LIMIT && sip.tcpPort() > 0) {
            // too large for UDP: same SRS, over TCP, without changing the Request-URI
            SipURI route = sip.addressFactory().createSipURI(null, srsUri.getHost());
            if (srsUri.getPort() > 0) {
                route.setPort(srsUri.getPort());
            }
            route.setTransportParam("tcp");
            route.setLrParam();
            transport = "tcp";
            request = build(h, srsUri, fromUri, "tcp", body);
            request.addHeader(h.createRouteHeader(sip.addressFactory().createAddress(route)));
            return new Invite(request, true);
        }
        return new Invite(request, false);
    }

    private Request build(HeaderFactory h, SipURI srsUri, SipURI fromUri, String transport, byte[] body) throws Exception {
        int port = port(transport);
        List<ViaHeader> vias = List.of(h.createViaHeader(sip.host(), port, transport, null));
        Request request = sip.messageFactory().createRequest((URI) srsUri.clone(), Request.INVITE,
                sip.provider().getNewCallId(), h.createCSeqHeader(1L, Request.INVITE),
                h.createFromHeader(sip.addressFactory().createAddress(fromUri), Tags.random(8)),
                h.createToHeader(sip.addressFactory().createAddress((URI) srsUri.clone()), null), vias,
                h.createMaxForwardsHeader(70));
        SipURI contactUri = sip.addressFactory().createSipURI("siprec-src", sip.host());
        contactUri.setPort(port);
        contactUri.setSecure(srsUri.isSecure());
        if (!"udp".equals(transport)) {
            contactUri.setTransportParam(transport);
        }
        ContactHeader contact = h.createContactHeader(sip.addressFactory().createAddress(contactUri));
        contact.setParameter("+sip.src", null);
        request.addHeader(contact);
        request.addHeader(h.createRequireHeader("siprec"));
        request.addHeader(h.createAcceptHeader("application", "sdp"));
        request.addHeader(h.createAcceptHeader("application", "rs-metadata+xml"));
        request.addHeader(h.createUserAgentHeader(List.of(sip.userAgent())));
        setBody(request, body);
        return request;
    }

    private int port(String transport) {
        return switch (transport) {
            case "tls" -> sip.tlsPort();
            case "tcp" -> sip.tcpPort();
            default -> sip.udpPort();
        };
    }

    /** Our Contact in RS dialogs (re-INVITEs, answers to the SRS's re-offers). */
    ContactHeader contact() throws java.text.ParseException {
        SipURI uri = sip.addressFactory().createSipURI("siprec-src", sip.host());
        String t = transport;
        uri.setPort("tls".equals(t) ? sip.tlsPort() : sip.udpPort());
        if ("tls".equals(t)) {
            uri.setTransportParam(t); // the SRS's in-dialog requests come back over TLS too
            uri.setSecure(secure);
        }
        ContactHeader contact = sip.headerFactory().createContactHeader(sip.addressFactory().createAddress(uri));
        contact.setParameter("+sip.src", null);
        return contact;
    }

    private String boundary() {
        return "siprec-" + callId.hashCode();
    }

    byte[] body(String sdp, byte[] xml) {
        List<Multipart.Part> parts = new ArrayList<>();
        parts.add(Multipart.part("application/sdp", null, sdp.getBytes(UTF_8)));
        if (xml != null) {
            parts.add(Multipart.part(MetadataFormat.CONTENT_TYPE, MetadataFormat.CONTENT_DISPOSITION, xml));
        }
        return Multipart.build(boundary(), parts);
    }

    void setBody(Message message, byte[] body) throws java.text.ParseException {
        ContentTypeHeader type = sip.headerFactory().createContentTypeHeader("multipart", "mixed");
        type.setParameter("boundary", boundary());
        message.setContent(body, type);
    }

    /**
     * One m= line per recorded direction, labelled as in the metadata, {@code sendonly} (RFC 7866 section 8.1.1),
     * or {@code inactive} while paused so that the SRS is told nothing flows rather than left guessing.
     */
    String offer(List<Recorded> recorded, List<SdpMedia> callMedia, List<ForkStream> forks, boolean paused) {
        return offer(recorded, callMedia, forks, paused, null);
    }

    /**
     * The offer with, when {@code crypto} is given, {@code RTP/SAVP} m= lines each with its fork's {@code a=crypto}
     * (SDES, RFC 4568).
     */
    String offer(List<Recorded> recorded, List<SdpMedia> callMedia, List<ForkStream> forks, boolean paused,
            List<String> crypto) {
        SdpBuilder sdp = SdpBuilder.origin("siprec-src", Math.abs((long) callId.hashCode()), sdpVersion++, mediaAddress)
                .sessionName("SIPREC").connection(mediaAddress);
        for (int i = 0; i < recorded.size(); i++) {
            Recorded r = recorded.get(i);
            SdpMedia m = callMedia.get(r.index());
            String pt = m.formats().isEmpty() ? "0" : m.formats().get(0);
            // the codec as the call negotiated it, with its real clock rate (RFC 7866 section 8.1.4)
            SdpBuilder.MediaLine line = sdp.media(m.type(), forks.get(i).localPort(), crypto == null ? "RTP/AVP" : "RTP/SAVP")
                    .formatFrom(m, pt).label(r.label());
            if (crypto != null) {
                line.attribute("crypto", crypto.get(i));
            }
            line.direction(paused ? SdpDirection.INACTIVE : SdpDirection.SENDONLY);
        }
        return sdp.build();
    }

    /** The SDP of a message from the SRS (alone or the SDP part of a multipart body), or {@code null}. */
    String sdpOf(Message message) {
        byte[] raw = message.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        if (raw == null || raw.length == 0 || type == null) {
            return null;
        }
        if ("multipart".equalsIgnoreCase(type.getContentType())) {
            String value = SipHeaders.contentType(message);
            try {
                for (Multipart.Part part : Multipart.parse(value, raw)) {
                    if ("application/sdp".equals(part.mediaType())) {
                        return part.text();
                    }
                }
            } catch (IllegalArgumentException e) {
                LOG.info("Call {}: unusable multipart body from the SRS: {}", callId, e.getMessage());
            }
            return null;
        }
        return "sdp".equalsIgnoreCase(type.getContentSubType()) ? new String(raw, UTF_8) : null;
    }
}
