package org.siprec.sip.internal.door;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import javax.sip.message.Request;

/**
 * RFC 3261 17.2.3: a request matches a server transaction on branch, sent-by and method (ACK matching INVITE). The
 * RI matches on the branch alone, so a request from someone else reusing a live transaction's branch would be
 * swallowed as a retransmission. Such a request is answered 400 statelessly here (an ACK is dropped); the
 * transport source must match too, since sent-by is only what the sender claims.
 */
final class BranchGuard {
    private BranchGuard() {
    }

    static Verdict check(SIPTransactionStack stack, SIPRequest request, InetAddress source) {
        SIPTransaction tx;
        try {
            tx = stack.findTransaction(request, true);
        } catch (RuntimeException e) {
            return null; // no transaction key for this request (e.g. RFC 2543 without the values it needs)
        }
        if (tx == null) {
            return null;
        }
        SIPRequest original = tx.getOriginalRequest();
        if (original == null || original == request) {
            return null;
        }
        String method = request.getMethod();
        boolean sameMethod = method.equals(original.getMethod())
                || method.equals(Request.ACK) && Request.INVITE.equals(original.getMethod());
        if (sameMethod && sameSentBy(original.getTopmostVia(), request.getTopmostVia())
                && sameSource(original, source)) {
            return null;
        }
        return Verdict.reject(400, "Branch In Use By Another Transaction");
    }

    private static boolean sameSentBy(Via a, Via b) {
        if (a == null || b == null) {
            return false;
        }
        return a.getHost() != null && a.getHost().toLowerCase(Locale.ROOT).equals(String.valueOf(b.getHost()).toLowerCase(Locale.ROOT))
                && port(a) == port(b) && String.valueOf(a.getTransport()).equalsIgnoreCase(String.valueOf(b.getTransport()));
    }

    private static int port(Via v) {
        return v.getPort() > 0 ? v.getPort() : "TLS".equalsIgnoreCase(v.getTransport()) ? 5061 : 5060;
    }

    private static boolean sameSource(SIPRequest original, InetAddress source) {
        InetAddress first = original.getPeerPacketSourceAddress() != null ? original.getPeerPacketSourceAddress()
                : original.getRemoteAddress();
        return first == null || source == null || Objects.equals(first, source);
    }
}
