package org.siprec.src.b2bua;

import java.util.Iterator;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Message;

/** Questions the B2BUA asks of any SIP message. */
final class Messages {
    private Messages() {
    }

    static String callId(Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }

    static boolean hasBody(Message m) {
        byte[] raw = m.getRawContent();
        return raw != null && raw.length > 0;
    }

    static boolean isSdp(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        return ct != null && "application".equalsIgnoreCase(ct.getContentType()) && "sdp".equalsIgnoreCase(ct.getContentSubType());
    }

    static boolean supports(Message m, String option) {
        return hasOption(m, SupportedHeader.NAME, option) || hasOption(m, "Require", option);
    }

    static boolean hasOption(Message m, String header, String option) {
        for (Iterator<?> it = m.getHeaders(header); it.hasNext();) {
            String value = value((Header) it.next());
            for (String token : value.split(",")) {
                if (token.trim().equalsIgnoreCase(option)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value of a header as received (after the colon), or {@code null} when absent. */
    static String headerValue(Message m, String name) {
        Header h = m.getHeader(name);
        return h == null ? null : value(h);
    }

    private static String value(Header h) {
        String s = h.toString().trim();
        int colon = s.indexOf(':');
        return colon < 0 ? "" : s.substring(colon + 1).trim();
    }
}
