package org.siprec.srs.embedded.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.sip.sdp.SessionDescriptionEditor;

/** The streams of an SDP offer from an SRC, with what the SRS needs of each (label, payload types, rtpmap). */
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
     * One offered m= line.
     *
     * @param rtpmap payload type to encoding, e.g. {@code 8 -> PCMA/8000}; static types without a=rtpmap included
     */
    record Offered(int index, String type, int port, String proto, List<String> formats, Map<String, String> rtpmap,
            Map<String, String> fmtp, String label, String direction, String address) {

        /** The encoding name of a payload type (e.g. {@code PCMA}), upper-cased, or {@code null}. */
        String encoding(String pt) {
            String map = rtpmap.get(pt);
            if (map == null) {
                return null;
            }
            int slash = map.indexOf('/');
            return (slash < 0 ? map : map.substring(0, slash)).trim().toUpperCase(Locale.ROOT);
        }

        int clockRate(String pt) {
            String map = rtpmap.get(pt);
            if (map != null) {
                String[] p = map.split("/");
                if (p.length > 1) {
                    try {
                        return Integer.parseInt(p[1].trim());
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
            return 0;
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

    private static final Map<String, String> STATIC = Map.of("0", "PCMU/8000", "3", "GSM/8000", "4", "G723/8000",
            "8", "PCMA/8000", "9", "G722/8000", "13", "CN/8000", "18", "G729/8000");

    private SdpOffer() {
    }

    /** @throws InvalidSdpException when the body is not usable SDP (reason in the message) */
    static List<Offered> parse(String sdp) throws InvalidSdpException {
        List<SdpMedia> media = SessionDescriptionEditor.parse(sdp).media();
        List<Map<String, String>> rtpmaps = new ArrayList<>();
        List<Map<String, String>> fmtps = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> protos = new ArrayList<>();
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                String[] p = line.substring(2).trim().split("\\s+");
                protos.add(p.length > 2 ? p[2] : "");
                rtpmaps.add(new LinkedHashMap<>());
                fmtps.add(new LinkedHashMap<>());
                labels.add(null);
            } else if (!labels.isEmpty() && line.startsWith("a=")) {
                int last = labels.size() - 1;
                String attr = line.substring(2);
                String lower = attr.toLowerCase(Locale.ROOT);
                if (lower.startsWith("label:")) {
                    labels.set(last, attr.substring(6).trim());
                } else if (lower.startsWith("rtpmap:")) {
                    String[] p = attr.substring(7).trim().split("\\s+", 2);
                    if (p.length == 2) {
                        rtpmaps.get(last).put(p[0], p[1].trim());
                    }
                } else if (lower.startsWith("fmtp:")) {
                    String[] p = attr.substring(5).trim().split("\\s+", 2);
                    if (p.length == 2) {
                        fmtps.get(last).put(p[0], p[1].trim());
                    }
                }
            }
        }
        if (protos.size() != media.size()) {
            throw new InvalidSdpException("SDP m= lines could not be read consistently");
        }
        List<Offered> result = new ArrayList<>();
        for (SdpMedia m : media) {
            int i = m.index();
            Map<String, String> rtpmap = rtpmaps.get(i);
            for (String pt : m.formats()) {
                if (!rtpmap.containsKey(pt) && STATIC.containsKey(pt)) {
                    rtpmap.put(pt, STATIC.get(pt));
                }
            }
            String label = labels.get(i) != null ? labels.get(i) : Integer.toString(i);
            result.add(new Offered(i, m.type(), m.port(), protos.get(i), m.formats(), rtpmap, fmtps.get(i), label,
                    m.direction(), m.address()));
        }
        return result;
    }

    /** Decides what to do with each offered stream. */
    static Plan plan(Offered o) {
        String proto = o.proto().toUpperCase(Locale.ROOT);
        boolean rtp = proto.equals("RTP/AVP") || proto.equals("RTP/AVPF");
        if (o.port() == 0 || !rtp || o.formats().isEmpty()) {
            return new Plan(o, Kind.REJECTED, null, null, o.formats().isEmpty() ? List.of("0") : List.of(o.formats().get(0)));
        }
        List<String> events = new ArrayList<>();
        for (String pt : o.formats()) {
            if ("TELEPHONE-EVENT".equals(o.encoding(pt))) {
                events.add(pt);
            }
        }
        if ("audio".equalsIgnoreCase(o.type())) {
            for (String pt : o.formats()) {
                String enc = o.encoding(pt);
                if (("PCMA".equals(enc) || "PCMU".equals(enc)) && o.clockRate(pt) == 8000) {
                    List<String> formats = new ArrayList<>();
                    formats.add(pt);
                    formats.addAll(events);
                    return new Plan(o, Kind.PCM, pt, enc, formats);
                }
            }
        }
        String first = o.formats().get(0);
        String enc = o.encoding(first);
        return new Plan(o, Kind.RAW, first, enc == null ? "PT" + first : enc, List.of(first));
    }

    /** The answer's direction for an offered one: the SRS only receives. */
    static String answerDirection(String offered) {
        return switch (offered) {
            case "sendonly", "sendrecv" -> "recvonly";
            default -> "inactive";
        };
    }

    /**
     * Writes the SDP answer.
     *
     * @param ports the local RTP port of each plan (0 for rejected ones)
     */
    static String answer(String address, long sessionId, long version, List<Plan> plans, int[] ports) {
        String ipType = address.contains(":") ? "IP6" : "IP4";
        StringBuilder sb = new StringBuilder(256);
        sb.append("v=0\r\n");
        sb.append("o=siprec-srs ").append(sessionId).append(' ').append(version).append(" IN ").append(ipType).append(' ')
                .append(address).append("\r\n");
        sb.append("s=siprec-srs\r\n");
        sb.append("c=IN ").append(ipType).append(' ').append(address).append("\r\n");
        sb.append("t=0 0\r\n");
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            Offered o = p.offered();
            int port = p.kind() == Kind.REJECTED ? 0 : ports[i];
            sb.append("m=").append(o.type()).append(' ').append(port).append(' ')
                    .append(o.proto().isEmpty() ? "RTP/AVP" : o.proto());
            for (String f : p.formats()) {
                sb.append(' ').append(f);
            }
            sb.append("\r\n");
            if (p.kind() != Kind.REJECTED) {
                for (String f : p.formats()) {
                    String map = o.rtpmap().get(f);
                    if (map != null) {
                        sb.append("a=rtpmap:").append(f).append(' ').append(map).append("\r\n");
                    }
                    String fmtp = o.fmtp().get(f);
                    if (fmtp != null) {
                        sb.append("a=fmtp:").append(f).append(' ').append(fmtp).append("\r\n");
                    }
                }
            }
            sb.append("a=label:").append(o.label()).append("\r\n");
            sb.append('a').append('=').append(p.kind() == Kind.REJECTED ? "inactive" : answerDirection(o.direction()))
                    .append("\r\n");
        }
        return sb.toString();
    }
}
