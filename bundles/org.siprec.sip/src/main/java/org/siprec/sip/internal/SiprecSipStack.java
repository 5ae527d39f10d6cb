package org.siprec.sip.internal;

import gov.nist.javax.sip.SipStackImpl;
import java.util.Properties;
import javax.sip.PeerUnavailableException;

/** The RI's stack with {@link ConnectionIOHandler} as its socket layer (set before any listening point exists). */
final class SiprecSipStack extends SipStackImpl {
    SiprecSipStack(Properties properties) throws PeerUnavailableException {
        super(properties);
        this.ioHandler = new ConnectionIOHandler(this);
    }
}
