package org.siprec.itests.blackbox;

import static org.junit.Assert.assertTrue;

import org.junit.ClassRule;
import org.junit.Test;

/**
 * A TCP message whose header line never ends within {@code max.message.size.tcp} (64 kB; here 4 MB of one header)
 * closes its connection promptly, with at most a 4xx/5xx before: a peer cannot hold a connection and its buffer by
 * never finishing a message. (The stack used to hold such a connection up to 64 s after giving up on it; see the
 * comment on the stack properties in {@code SipEndpointComponent}.)
 */
public class OversizedTcpTest extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(OversizedTcpTest.class, HostileInput::recordToEmbeddedSrs);

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void aTcpMessageWhoseHeaderNeverEndsClosesTheConnection() throws Exception {
        HostileInput.Outcome big = HostileInput.tcp("127.0.0.1",
                HostileInputAbuseTest.padded(HostileInputAbuseTest.options("127.0.0.1", 0, "tcp-big", "TCP"), 4 * 1024 * 1024), 8000, 300);
        assertTrue("a 4 MB message over TCP: the connection is closed (at most a 4xx/5xx before): " + big.describe(),
                big.closed && (big.finalStatus() < 0 || big.finalStatus() >= 400) && !big.provisionalOnly());
    }
}
