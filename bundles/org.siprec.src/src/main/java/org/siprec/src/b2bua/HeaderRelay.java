package org.siprec.src.b2bua;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.sip.header.Header;
import javax.sip.message.Message;

/**
 * Copies end-to-end headers from a message on one leg to the corresponding message on the other leg. Headers that
 * describe a hop, a dialog or the body framing are each leg's own and are never copied.
 */
final class HeaderRelay {
    private static final Set<String> LEG_HEADERS = Set.of("via", "v", "route", "record-route", "contact", "m",
            "call-id", "i", "cseq", "from", "f", "to", "t", "max-forwards", "content-length", "l", "content-type", "c",
            "rseq", "rack", "server", "user-agent");
    /** Require and RSeq of a reliable provisional response are written by the stack itself. */
    private static final Set<String> RELIABLE_RESPONSE_HEADERS = Set.of("require");

    private HeaderRelay() {
    }

    static void copy(Message from, Message to) {
        copy(from, to, Set.of());
    }

    static void copyForReliableResponse(Message from, Message to) {
        copy(from, to, RELIABLE_RESPONSE_HEADERS);
    }

    private static void copy(Message from, Message to, Set<String> alsoSkip) {
        for (Iterator<?> names = from.getHeaderNames(); names.hasNext();) {
            String name = (String) names.next();
            String lower = name.toLowerCase(Locale.ROOT);
            if (LEG_HEADERS.contains(lower) || alsoSkip.contains(lower)) {
                continue;
            }
            to.removeHeader(name);
            for (Iterator<?> values = from.getHeaders(name); values.hasNext();) {
                to.addHeader((Header) ((Header) values.next()).clone());
            }
        }
    }
}
