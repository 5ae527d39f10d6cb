package org.siprec.itests.blackbox;

import static org.junit.Assert.assertTrue;

import org.junit.ClassRule;
import org.junit.Test;

/**
 * Known defect, kept out of the default run (docs/testing.md): a TCP message whose header never ends (4 MB without
 * an empty line) should close the connection once it passes {@code max.message.size.tcp} (64 kB), with at most a
 * 4xx/5xx before; the SIP stack neither answers nor closes it within 8 s, holding the connection and its buffer.
 * Run it with {@code mvn -pl itests test -Dtest=OversizedTcpKnownDefect}.
 */
public class OversizedTcpKnownDefect extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(OversizedTcpKnownDefect.class, HostileInput::recordToEmbeddedSrs);

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
