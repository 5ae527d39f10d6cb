package org.siprec.src.b2bua;

import java.util.ListIterator;
import java.util.Objects;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.siprec.api.model.SessionCase;

/**
 * Detects a call that comes back to this platform unchanged (RFC 3261 16.3 item 4, adapted to a B2BUA): the
 * branch of the Via this platform puts on a B-leg INVITE ends with a token derived from what identifies the
 * service request (Request-URI, session case, served user). A request carrying one of our own Vias with the same
 * token is a loop; a legitimate spiral (e.g. orig then term service through an S-CSCF) changes the token.
 */
final class LoopDetector {
    private LoopDetector() {
    }

    static String token(String requestUri, SessionCase sessionCase, String servedUser) {
        int hash = Objects.hash(requestUri, sessionCase, servedUser);
        return "l" + Integer.toHexString(hash);
    }

    static boolean looped(Request request, String host, int[] ports, String token) {
        for (ListIterator<?> it = request.getHeaders(ViaHeader.NAME); it.hasNext();) {
            ViaHeader via = (ViaHeader) it.next();
            if (!host.equals(via.getHost()) || !isOneOf(via.getPort() <= 0 ? 5060 : via.getPort(), ports)) {
                continue;
            }
            String branch = via.getBranch();
            if (branch != null && branch.endsWith("." + token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOneOf(int port, int[] ports) {
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }
}
