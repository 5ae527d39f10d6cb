package org.siprec.src.b2bua;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SRS's RTP port for tests: a real UDP socket on 127.0.0.1 that notes when each packet arrived. */
final class RtpCounter implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final Thread reader;

    RtpCounter(int port) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
        reader = new Thread(this::read, "rtp-counter-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            try {
                socket.receive(new DatagramPacket(buffer, buffer.length));
                arrivals.add(System.nanoTime());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    int count() {
        return arrivals.size();
    }

    /** Packets that arrived after {@code nanoTime} ({@link System#nanoTime()}). */
    long after(long nanoTime) {
        return arrivals.stream().filter(t -> t > nanoTime).count();
    }

    /** Packets that arrived between the two times. */
    long between(long fromNanos, long toNanos) {
        return arrivals.stream().filter(t -> t > fromNanos && t < toNanos).count();
    }

    @Override
    public void close() {
        socket.close();
    }
}
