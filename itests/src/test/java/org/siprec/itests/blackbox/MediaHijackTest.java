package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * A third party cannot take over or inject into a call's media (issue 13): while a SIPp call with RTP both ways runs
 * through the distribution as shipped ({@code latching=off}), another host (127.0.0.2) sends well-formed RTP and RTCP
 * to every port of the relay's range, so also to the call's. Nothing of it is relayed, the third party receives
 * nothing, both directions of the call's audio stay intact (tshark counts), and the drops are counted.
 */
public class MediaHijackTest extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(MediaHijackTest.class);

    private static final int MIN_RTP = 20;
    /** Rounds over the whole range: each call port gets this many packets from the intruder. */
    private static final int ROUNDS = 12;
    private static final Pattern DROPPED = Pattern.compile(
            "(\\d+) packets from sources not accepted were dropped \\(side A (\\d+), side B (\\d+)\\)");

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void aThirdAddressSendingToTheCallsRelayPortsIsNotRelayedHearsNothingAndIsCounted() throws Exception {
        String log = Files.readString(karaf().karafLog(), StandardCharsets.ISO_8859_1);
        assertTrue("the distribution's default is latching=off", log.contains("latching=off"));
        try (RtpCapture rtp = RtpCapture.start(testDir());
                DatagramSocket intruder = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            intruder.setSoTimeout(50);
            Sipp.Run b = started(callee("uas_basic.xml").withPcap().startListening());
            Sipp.Run a = started(caller("uac_basic.xml").withPcap().pause(4000).start());
            Thread.sleep(800); // the call is up and its RTP flows
            long sent = 0;
            int received = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (int port = RtpCapture.RELAY_MIN; port <= RtpCapture.RELAY_MAX; port++) {
                    byte[] packet = port % 2 == 0 ? rtp(round) : rtcp();
                    intruder.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
                    sent++;
                }
                received += drain(intruder);
                Thread.sleep(150);
            }
            assertSucceeded(a);
            assertSucceeded(b);
            received += drain(intruder);

            rtp.stop();
            String summary = rtp.summary(ports.callerMedia, ports.calleeMedia);
            System.out.println("[blackbox] hijack attempt (" + sent + " packets from 127.0.0.2): " + summary);
            assertEquals("the third address receives nothing", 0, received);
            assertEquals("nothing from the relay to the intruder's port", 0, rtp.fromRelayTo(intruder.getLocalPort()));
            long callerToRelay = rtp.toRelayFrom(ports.callerMedia);
            long calleeToRelay = rtp.toRelayFrom(ports.calleeMedia);
            long relayToCaller = rtp.fromRelayTo(ports.callerMedia);
            long relayToCallee = rtp.fromRelayTo(ports.calleeMedia);
            assertTrue("caller's RTP reached the relay: " + summary, callerToRelay >= MIN_RTP);
            assertTrue("callee's RTP reached the relay: " + summary, calleeToRelay >= MIN_RTP);
            assertTrue("relay -> caller (callee's audio): " + summary, relayToCaller >= MIN_RTP);
            assertTrue("relay -> callee (caller's audio): " + summary, relayToCallee >= MIN_RTP);
            // the relay sends a party only what the other party sent: each of the ROUNDS injected packets per port
            // would show up as an excess here
            assertTrue("nothing injected towards the caller: " + summary, relayToCaller <= calleeToRelay);
            assertTrue("nothing injected towards the callee: " + summary, relayToCallee <= callerToRelay);
        }

        // counted: each side's RTP and RTCP port got ROUNDS packets from the intruder (logged when the stream closes)
        String closed = awaitLogLine(DROPPED, Duration.ofSeconds(10));
        Matcher m = DROPPED.matcher(closed);
        assertTrue(closed, m.find());
        assertTrue("side A counted the intruder's packets: " + closed, Long.parseLong(m.group(2)) >= ROUNDS);
        assertTrue("side B counted the intruder's packets: " + closed, Long.parseLong(m.group(3)) >= ROUNDS);
        assertTrue("the first drop names the source",
                Files.readString(karaf().karafLog(), StandardCharsets.ISO_8859_1).contains("from /127.0.0.2:"));
    }

    private String awaitLogLine(Pattern pattern, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = Files.readString(karaf().karafLog(), StandardCharsets.ISO_8859_1);
            Matcher m = pattern.matcher(log);
            if (m.find()) {
                return m.group();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no line matching " + pattern + " in karaf.log:\n" + karaf().karafLogTail(40));
            }
            Thread.sleep(200);
        }
    }

    private static int drain(DatagramSocket socket) throws IOException {
        int count = 0;
        byte[] buffer = new byte[2048];
        while (true) {
            try {
                socket.receive(new DatagramPacket(buffer, buffer.length));
                count++;
            } catch (SocketTimeoutException e) {
                return count;
            } catch (java.net.PortUnreachableException e) {
                // ICMP for ports of the range nobody listens on: not media
            }
        }
    }

    /** A well-formed RTP packet (PCMA) with a foreign SSRC. */
    private static byte[] rtp(int sequence) {
        byte[] p = new byte[172];
        p[0] = (byte) 0x80;
        p[1] = 8;
        p[2] = (byte) (sequence >> 8);
        p[3] = (byte) sequence;
        p[8] = (byte) 0xBA;
        p[9] = (byte) 0xDB;
        p[10] = (byte) 0xAD;
        p[11] = 1;
        return p;
    }

    /** An RTCP BYE. */
    private static byte[] rtcp() {
        return new byte[] {(byte) 0x81, (byte) 203, 0, 1, (byte) 0xBA, (byte) 0xDB, (byte) 0xAD, 1};
    }
}
