package org.siprec.srs.embedded.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** One offered m= line; its label is the {@code a=label}, else the m= line's index (streams need a name). */
    record Offered(SdpMedia media) {
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
     */
    record Plan(Offered offered, Kind kind, String pt, String codec, List<String> formats) {
        boolean alaw() {
            return "PCMA".equals(codec);
        }
    }

    private SdpOffer() {
    }

    /** @throws InvalidSdpException when the body is not usable SDP (reason in the message) */
    static List<Offered> parse(String sdp) throws InvalidSdpException {
        List<Offered> result = new ArrayList<>();
        for (SdpMedia m : SessionDescriptionEditor.parse(sdp).media()) {
            result.add(new Offered(m));
        }
        return result;
    }

    /** Decides what to do with an offered stream. */
    static Plan plan(Offered o) {
        SdpMedia m = o.media();
        String proto = m.proto().toUpperCase(Locale.ROOT);
        boolean rtp = proto.equals("RTP/AVP") || proto.equals("RTP/AVPF");
        if (m.port() == 0 || !rtp || m.formats().isEmpty()) {
            return new Plan(o, Kind.REJECTED, null, null, m.formats().isEmpty() ? List.of("0") : List.of(m.formats().get(0)));
        }
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
            line.direction(rejected ? SdpDirection.INACTIVE : answerDirection(m.direction()));
        }
        return sdp.build();
    }
}
