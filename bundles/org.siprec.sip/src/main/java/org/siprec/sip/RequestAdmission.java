package org.siprec.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import javax.sip.message.Request;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An application's admission rules, applied by its endpoint to every request before the SIP stack's transaction
 * and dialog layers see it. Runs on the stack's receiving thread: quick, never blocks.
 */
@ConsumerType
public interface RequestAdmission {
    /** Admitted: the request goes on to the stack's transaction and dialog layers. */
    int ACCEPT = 0;

    /** Dropped silently. Any positive value is a SIP status sent statelessly (e.g. 403). */
    int DROP = -1;

    /** Whether this address is a trusted peer (e.g. for rate-limit classes). */
    boolean trusted(InetAddress address);

    /**
     * The verdict for one request from its transport-level source.
     *
     * @return {@link #ACCEPT}, {@link #DROP}, or a SIP status code (e.g. 403) sent statelessly
     */
    int admit(Request request, InetSocketAddress source);

    /**
     * Option tags (RFC 3261 19.2) the application supports besides those of its endpoint's configuration
     * ({@code supported.option.tags}); a request whose {@code Require} names any other tag is answered 420.
     */
    default Set<String> optionTags() {
        return Set.of();
    }

    /**
     * Whether the application serves this request although the stack could not parse its {@code Contact} (e.g. an
     * unclosed {@code <}): the door then gives it a Contact built from its transport-level source and top Via
     * (where answers and in-dialog requests go anyway) and keeps the original line unparsed
     * ({@link SipHeaders#unparseableContact}); otherwise such an INVITE goes on without Contact (the stack makes
     * no server transaction of it; {@code SipDispatcher} answers it 400, RFC 3261 8.1.1.8).
     * Called only for an INVITE without a parsed Contact but with a Contact line.
     */
    default boolean acceptsUnparseableContact(Request request) {
        return false;
    }
}
