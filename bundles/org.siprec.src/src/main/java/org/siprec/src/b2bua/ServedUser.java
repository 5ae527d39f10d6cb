package org.siprec.src.b2bua;

import java.util.Locale;
import org.siprec.api.model.SessionCase;

/**
 * The served user and session case read from a {@code P-Served-User} header (RFC 5502), e.g.
 * {@code <sip:alice@example.net>;sescase=orig;regstate=reg}.
 *
 * @param uri         the served user's URI, or {@code null} when the header is absent or has none
 * @param sessionCase the session case, or {@code null} when not signalled
 */
record ServedUser(String uri, SessionCase sessionCase) {

    static ServedUser parse(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return new ServedUser(null, null);
        }
        String value = headerValue.trim();
        String uri = null;
        String params;
        int lt = value.indexOf('<');
        int gt = value.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            uri = value.substring(lt + 1, gt).trim();
            params = value.substring(gt + 1);
        } else {
            int semi = value.indexOf(';');
            uri = (semi < 0 ? value : value.substring(0, semi)).trim();
            params = semi < 0 ? "" : value.substring(semi);
        }
        SessionCase sescase = null;
        for (String p : params.split(";")) {
            String[] kv = p.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().toLowerCase(Locale.ROOT).equals("sescase")) {
                try {
                    sescase = SessionCase.parse(kv[1].trim());
                } catch (IllegalArgumentException e) {
                    sescase = null;
                }
            }
        }
        return new ServedUser(uri.isEmpty() ? null : uri, sescase);
    }
}
