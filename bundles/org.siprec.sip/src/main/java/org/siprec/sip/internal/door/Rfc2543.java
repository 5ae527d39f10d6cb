package org.siprec.sip.internal.door;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.text.ParseException;
import javax.sip.address.Address;
import javax.sip.message.Request;

/**
 * Backwards compatibility with RFC 2543 requests (RFC 4475 3.4.1 asks RFC 3261 elements to accept them). Such a
 * request is recognised by its top Via without the RFC 3261 magic-cookie branch (RFC 3261 8.1.1.7). RFC 2543 did
 * not require Contact in an INVITE: without it, requests back to the caller go to its From address. The stack
 * refuses to build an INVITE transaction without Contact, so that address is given as the Contact here. An RFC
 * 3261 INVITE without Contact is still refused (400), as RFC 3261 8.1.1.8 requires one.
 */
final class Rfc2543 {
    private Rfc2543() {
    }

    static boolean isRfc2543(SIPRequest request) {
        Via via = request.getTopmostVia();
        String branch = via == null ? null : via.getBranch();
        return via != null && (branch == null || !branch.startsWith("z9hG4bK"));
    }

    static void addContact(SIPRequest request) throws ParseException {
        if (!Request.INVITE.equals(request.getMethod()) || request.getContactHeader() != null || request.getFrom() == null
                || request.getFrom().getAddress() == null || !isRfc2543(request)) {
            return;
        }
        Contact contact = new Contact();
        contact.setAddress((Address) request.getFrom().getAddress().clone());
        request.setHeader(contact);
    }
}
