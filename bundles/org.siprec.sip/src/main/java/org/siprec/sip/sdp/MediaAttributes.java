package org.siprec.sip.sdp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Vector;
import javax.sdp.Attribute;
import javax.sdp.SdpParseException;

/** The label, rtpmap and fmtp attributes of one m= line, read from the javax.sdp attributes. */
record MediaAttributes(String label, Map<String, RtpMap> rtpmaps, Map<String, String> fmtps) {

    static MediaAttributes read(Vector<?> attributes) throws SdpParseException {
        String label = null;
        Map<String, RtpMap> rtpmaps = new LinkedHashMap<>();
        Map<String, String> fmtps = new LinkedHashMap<>();
        if (attributes != null) {
            for (Object o : attributes) {
                Attribute a = (Attribute) o;
                String name = a.getName();
                String value = a.getValue() == null ? "" : a.getValue().trim();
                if (name == null) {
                    continue;
                }
                if (name.equalsIgnoreCase("label")) {
                    if (label == null && !value.isEmpty()) {
                        label = value;
                    }
                } else if (name.equalsIgnoreCase("rtpmap")) {
                    String[] p = value.split("\\s+", 2);
                    if (p.length == 2) {
                        try {
                            rtpmaps.putIfAbsent(p[0], RtpMap.parse(p[1]));
                        } catch (IllegalArgumentException e) {
                            // a malformed rtpmap describes nothing usable; the payload type stays unknown
                        }
                    }
                } else if (name.equalsIgnoreCase("fmtp")) {
                    String[] p = value.split("\\s+", 2);
                    if (p.length == 2) {
                        fmtps.putIfAbsent(p[0], p[1].trim());
                    }
                }
            }
        }
        return new MediaAttributes(label, rtpmaps, fmtps);
    }
}
