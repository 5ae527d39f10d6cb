package org.siprec.srs.embedded.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siprec.media.srtp.SdesCrypto;
import org.siprec.media.srtp.SrtpMasterKey;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.RtpMap;
import org.siprec.sip.sdp.SdpBuilder;
import org.siprec.sip.sdp.SdpDirection;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.sip.sdp.SessionDescriptionEditor;

/**
 * The streams of an SDP offer from an SRC (read through javax.sdp, {@link SdpMedia}: proto, label, rtpmap, fmtp),
 * what the SRS does with each, and its answer (written with {@link SdpBuilder}).
 */
final class SdpOffer {
    /** What the SRS does with an offered stream. */
    enum Kind {
        /** G.711, decoded into the WAV file. */
        PCM,
        /** RTP in another codec, stored as received. */
        RAW,
        /** Answered with port 0. */
        REJECTED
    }

    /**
     * One offered m= line; its label is the {@code a=label}, else the m= line's index (streams need a name).
     *
     * @param crypto the values of its {@code a=crypto} attributes (SDES, RFC 4568), in order
     */
    record Offered(SdpMedia media, List<String> crypto) {
        Offered(SdpMedia media) {
            this(media, List.of());
        }

        String label() {
            return media.label() != null ? media.label() : Integer.toString(media.index());
        }

        /** The encoding name of a payload type (e.g. {@code PCMA}), upper-cased, or {@code null}. */
        String encoding(String pt) {
            RtpMap map = media.rtpmap(pt);
            return map == null ? null : map.encoding().toUpperCase(Locale.ROOT);
        }

        /** The RTP clock rate of a payload type, 0 if unknown. */
        int clockRate(String pt) {
            RtpMap map = media.rtpmap(pt);
            return map == null ? 0 : map.clockRate();
        }
    }

    /**
     * What the SRS answers for an offered stream.
     *
     * @param pt the payload type recorded (PCM) or the first one offered (RAW); {@code null} when rejected
     * @param formats the payload types of the answer's m= line
     * @param received for an SRTP stream, the SRC's key (from its offer) that the packets are decrypted with
     * @param answered for an SRTP stream, the SRS's own crypto line for the answer (same tag and suite, a fresh key:
     *                 RFC 4568 wants one per direction, although the SRS sends nothing)
     * @param note     why an offered stream is rejected, when it is not self-evident (for the log), else {@code null}
     */
    record Plan(Offered offered, Kind kind, String pt, String codec, List<String> formats, SdesCrypto received,
            SdesCrypto answered, String note) {
        Plan(Offered offered, Kind kind, String pt, String codec, List<String> formats) {
            this(offered, kind, pt, codec, formats, null, null, null);
        }

        boolean srtp() {
            return received != null;
        }

        boolean alaw() {
            return "PCMA".equals(codec);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private SdpOffer() {
    }

    /** @throws InvalidSdpException when the body is not usable SDP (reason in the message) */
    static List<Offered> parse(String sdp) throws InvalidSdpException {
        List<Offered> result = new ArrayList<>();
        List<List<String>> crypto = cryptoByMediaLine(sdp);
        for (SdpMedia m : SessionDescriptionEditor.parse(sdp).media()) {
            result.add(new Offered(m, m.index() < crypto.size() ? crypto.get(m.index()) : List.of()));
        }
        return result;
    }

    /** The {@code a=crypto} values of each m= line, in order (the shared SDP reader does not keep them). */
    private static List<List<String>> cryptoByMediaLine(String sdp) {
        List<List<String>> result = new ArrayList<>();
        for (String line : sdp.split("\r?\n|\r")) {
            if (line.startsWith("m=")) {
                result.add(new ArrayList<>());
            } else if (line.startsWith("a=crypto:") && !result.isEmpty()) {
                result.get(result.size() - 1).add(line.substring("a=crypto:".length()).strip());
            }
        }
        return result;
    }

    /** Decides what to do with an offered stream. */
    static Plan plan(Offered o) {
        SdpMedia m = o.media();
        String proto = m.proto().toUpperCase(Locale.ROOT);
        boolean rtp = proto.equals("RTP/AVP") || proto.equals("RTP/AVPF");
        boolean srtp = proto.equals("RTP/SAVP") || proto.equals("RTP/SAVPF");
        List<String> rejectedFormats = m.formats().isEmpty() ? List.of("0") : List.of(m.formats().get(0));
        if (m.port() == 0 || !(rtp || srtp) || m.formats().isEmpty()) {
            return new Plan(o, Kind.REJECTED, null, null, rejectedFormats);
        }
        if (srtp) {
            StringBuilder why = new StringBuilder();
            SdesCrypto received = firstUsable(o.crypto(), why);
            if (received == null) {
                return new Plan(o, Kind.REJECTED, null, null, rejectedFormats, null, null,
                        o.crypto().isEmpty() ? "RTP/SAVP without a=crypto" : "no usable a=crypto:" + why);
            }
            SdesCrypto answered = new SdesCrypto(received.tag(), received.profile(), SrtpMasterKey.random(RANDOM));
            Plan clear = plainPlan(o);
            return new Plan(o, clear.kind(), clear.pt(), clear.codec(), clear.formats(), received, answered, null);
        }
        return plainPlan(o);
    }

    /** The first a=crypto line this SRS can use (RFC 4568 section 7.1.1: the answerer picks one); reasons in {@code why}. */
    private static SdesCrypto firstUsable(List<String> lines, StringBuilder why) {
        for (String line : lines) {
            try {
                return SdesCrypto.parse(line);
            } catch (IllegalArgumentException e) {
                why.append(' ').append(e.getMessage()).append(';');
            }
        }
        return null;
    }

    private static Plan plainPlan(Offered o) {
        SdpMedia m = o.media();
        List<String> events = new ArrayList<>();
        for (String pt : m.formats()) {
            if ("TELEPHONE-EVENT".equals(o.encoding(pt))) {
                events.add(pt);
            }
        }
        if ("audio".equalsIgnoreCase(m.type())) {
            for (String pt : m.formats()) {
                String enc = o.encoding(pt);
                if (("PCMA".equals(enc) || "PCMU".equals(enc)) && o.clockRate(pt) == 8000) {
                    List<String> formats = new ArrayList<>();
                    formats.add(pt);
                    formats.addAll(events);
                    return new Plan(o, Kind.PCM, pt, enc, formats);
                }
            }
        }
        String first = m.formats().get(0);
        String enc = o.encoding(first);
        return new Plan(o, Kind.RAW, first, enc == null ? "PT" + first : enc, List.of(first));
    }

    /** The answer's direction for an offered one: the SRS only receives. */
    static SdpDirection answerDirection(String offered) {
        return switch (offered) {
            case "sendonly", "sendrecv" -> SdpDirection.RECVONLY;
            default -> SdpDirection.INACTIVE;
        };
    }

    /**
     * Writes the SDP answer: per offered m= line, in order, the local port (0 when rejected), the proto offered, the
     * answer's payload types with the offer's rtpmap/fmtp, the same label and {@code recvonly} (or {@code inactive}).
     *
     * @param ports the local RTP port of each plan (0 for rejected ones)
     */
    static String answer(String address, long sessionId, long version, List<Plan> plans, int[] ports) {
        SdpBuilder sdp = SdpBuilder.origin("siprec-srs", sessionId, version, address).sessionName("siprec-srs")
                .connection(address);
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            SdpMedia m = p.offered().media();
            boolean rejected = p.kind() == Kind.REJECTED;
            SdpBuilder.MediaLine line = sdp.media(m.type(), rejected ? 0 : ports[i], m.proto().isEmpty() ? "RTP/AVP" : m.proto());
            for (String f : p.formats()) {
                if (rejected) {
                    line.format(f);
                } else {
                    line.formatFrom(m, f); // static types get their RFC 3551 rtpmap written out
                }
            }
            line.label(p.offered().label());
            if (!rejected && p.srtp()) {
                line.attribute("crypto", p.answered().value());
            }
            line.direction(rejected ? SdpDirection.INACTIVE : answerDirection(m.direction()));
        }
        return sdp.build();
    }
}
