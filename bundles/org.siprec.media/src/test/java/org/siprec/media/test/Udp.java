package org.siprec.media.test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Fake endpoints on 127.0.0.1 and free port ranges for the relay. */
public final class Udp {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    public static final int RECEIVE_TIMEOUT_MS = 3000;

    private Udp() {}

    /** A socket on an ephemeral port that times out receives after a few seconds. */
    public static DatagramSocket socket() throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        socket.setSoTimeout(RECEIVE_TIMEOUT_MS);
        return socket;
    }

    /**
     * A socket on an ephemeral port of another loopback address, e.g. {@code 127.0.0.2}: a host other than the call's
     * parties (Linux routes all of 127.0.0.0/8 to the loopback interface).
     */
    public static DatagramSocket socket(String address) throws IOException {
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0));
            socket.setSoTimeout(RECEIVE_TIMEOUT_MS);
            return socket;
        } catch (SocketException e) {
            throw new IllegalStateException("cannot bind a test socket to " + address
                    + "; the tests need the whole 127.0.0.0/8 on the loopback interface, as Linux has it", e);
        }
    }

    /** Two sockets on an even port and the next one (an endpoint's RTP and RTCP). */
    public static DatagramSocket[] pair() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 2 * ThreadLocalRandom.current().nextInt(15000, 30000); // 30000..59998
            DatagramSocket rtp = null;
            try {
                rtp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port));
                DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port + 1));
                rtp.setSoTimeout(RECEIVE_TIMEOUT_MS);
                rtcp.setSoTimeout(RECEIVE_TIMEOUT_MS);
                return new DatagramSocket[] {rtp, rtcp};
            } catch (SocketException e) {
                if (rtp != null) {
                    rtp.close();
                }
            }
        }
        throw new IllegalStateException("no free port pair for a test endpoint");
    }

    /** The first port of {@code count} consecutive free UDP ports on loopback, even. */
    public static int freeRange(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 2 * ThreadLocalRandom.current().nextInt(15000, 30000 - count);
            List<DatagramSocket> probes = new ArrayList<>();
            try {
                for (int port = base; port < base + count; port++) {
                    probes.add(new DatagramSocket(new InetSocketAddress(LOOPBACK, port)));
                }
                return base;
            } catch (SocketException e) {
                // taken, try elsewhere
            } finally {
                probes.forEach(DatagramSocket::close);
            }
        }
        throw new IllegalStateException("no " + count + " free consecutive ports");
    }

    public static InetSocketAddress address(DatagramSocket socket) {
        return new InetSocketAddress(LOOPBACK, socket.getLocalPort());
    }

    public static void send(DatagramSocket from, int toPort, byte[] payload) throws IOException {
        from.send(new DatagramPacket(payload, payload.length, LOOPBACK, toPort));
    }

    /** The socket's real address (for a socket on another loopback address than {@link #LOOPBACK}). */
    public static InetSocketAddress localAddress(DatagramSocket socket) {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return packet;
    }

    public static byte[] data(DatagramPacket packet) {
        return Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
    }

    /** True when nothing arrives within a short time. */
    public static boolean silent(DatagramSocket socket, int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            receive(socket);
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** A fake RTP packet: 12-byte header with the given sequence number, then some payload. */
    public static byte[] rtp(int sequence) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80;
        packet[1] = 8; // PCMA
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) (i * 31 + sequence);
        }
        return packet;
    }

    public static void closeAll(DatagramSocket... sockets) {
        for (DatagramSocket socket : sockets) {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
