package org.siprec.sip.dialog;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;

/**
 * The addresses a dialog's requests may come from: its peer as seen at the transport level (where the initial
 * request came from, or where it was sent to and where the answers came from). Written by the dialog's owner on its
 * executor, read by {@link DialogHandler#accepts} on the stack's receiving thread: the set is immutable and
 * replaced on change, so reads take no lock.
 */
public final class DialogPeers {
    private volatile Set<InetAddress> addresses = Set.of();

    public DialogPeers() {
    }

    public DialogPeers(InetAddress first) {
        add(first);
    }

    /** Admits requests from {@code address} ({@code null} is ignored). */
    public void add(InetAddress address) {
        if (address == null || addresses.contains(address)) {
            return;
        }
        synchronized (this) {
            Set<InetAddress> next = new HashSet<>(addresses);
            next.add(address);
            addresses = Set.copyOf(next);
        }
    }

    /** Whether requests from {@code address} belong to this dialog's peer. */
    public boolean contains(InetAddress address) {
        return address != null && addresses.contains(address);
    }

    @Override
    public String toString() {
        return addresses.toString();
    }

    /** The address a client transaction's request is sent to (the resolved next hop), or {@code null}. */
    public static InetAddress destination(ClientTransaction transaction) {
        if (transaction instanceof gov.nist.javax.sip.stack.SIPTransaction nist) {
            try {
                String peer = nist.getPeerAddress(); // the message channel's resolved peer: an IP literal
                return peer == null ? null : InetAddress.getByName(peer);
            } catch (java.net.UnknownHostException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** The transport-level source of a response, or {@code null}. */
    public static InetAddress source(ResponseEvent event) {
        try {
            if (event instanceof gov.nist.javax.sip.ResponseEventExt ext && ext.getRemoteIpAddress() != null) {
                return InetAddress.getByName(ext.getRemoteIpAddress()); // an IP literal: no lookup
            }
            if (event.getResponse() instanceof gov.nist.javax.sip.message.SIPMessage message) {
                return message.getRemoteAddress();
            }
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
