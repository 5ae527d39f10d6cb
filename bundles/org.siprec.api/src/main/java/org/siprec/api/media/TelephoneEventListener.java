package org.siprec.api.media;

import org.osgi.annotation.versioning.ConsumerType;
import org.siprec.api.media.RelayStream.Side;

/**
 * Hears the RFC 4733 telephone-events (DTMF digits) a party sends through the relay, once per event when it ends.
 * Called on a media thread: an implementation only hands the event on (e.g. to the call's executor) and returns.
 *
 * @since 1.3
 */
@ConsumerType
@FunctionalInterface
public interface TelephoneEventListener {
    /**
     * @param from  the side that sent it
     * @param event the RFC 4733 event code: 0-9 the digits, 10 {@code *}, 11 {@code #}, 12-15 {@code A}-{@code D}
     */
    void telephoneEvent(Side from, int event);
}
