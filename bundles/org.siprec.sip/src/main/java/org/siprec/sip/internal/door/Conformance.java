package org.siprec.sip.internal.door;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;
import javax.sip.header.CSeqHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;

/**
 * RFC 3261 checks on a parsed request that the RI lets through: SIP version (8.2.2 / 21.5.7: 505), Request-URI
 * scheme (8.2.2.1: 416 unless sip, sips or tel; the B2BUA routes {@code tel:} through its outbound proxy), the Via's protocol (SIP/2.0:
 * 400), CSeq method against the request
 * method (8.1.1.5: 400), and {@code Require} option tags we do not support (8.2.2.3: 420 with Unsupported; not
 * for ACK and CANCEL).
 */
final class Conformance {
    private Conformance() {
    }

    static Verdict check(SIPRequest request, Set<String> supportedTags) {
        String version = request.getRequestLine() == null ? null : request.getRequestLine().getSipVersion();
        if (version == null || !version.equalsIgnoreCase("SIP/2.0")) {
            return Verdict.reject(505, "Version Not Supported");
        }
        String scheme = request.getRequestURI() == null ? "" : request.getRequestURI().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips") && !scheme.equals("tel")) {
            return Verdict.reject(416, "Unsupported URI Scheme");
        }
        Via via = request.getTopmostVia();
        if (via == null || via.getSentProtocol() == null || !"SIP".equalsIgnoreCase(via.getSentProtocol().getProtocolName())
                || !"2.0".equals(via.getSentProtocol().getProtocolVersion())) {
            return Verdict.reject(400, "Unsupported Via Protocol");
        }
        String method = request.getMethod();
        CSeqHeader cseq = request.getCSeq();
        if (cseq == null || !method.equals(cseq.getMethod())) {
            return Verdict.reject(400, "CSeq Method Does Not Match The Request Method");
        }
        if (!method.equals(Request.ACK) && !method.equals(Request.CANCEL)) {
            List<String> unsupported = new ArrayList<>();
            for (ListIterator<?> it = request.getHeaders(RequireHeader.NAME); it.hasNext();) {
                Object h = it.next();
                if (h instanceof RequireHeader r && r.getOptionTag() != null) {
                    String tag = r.getOptionTag().trim();
                    if (!supportedTags.contains(tag.toLowerCase(Locale.ROOT)) && !unsupported.contains(tag)) {
                        unsupported.add(tag);
                    }
                }
            }
            if (!unsupported.isEmpty()) {
                return new Verdict(420, "Bad Extension", "rejected.420", unsupported);
            }
        }
        return null;
    }
}
