package org.siprec.testsupport.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** A UDP SIP socket on 127.0.0.1 with one thread handing every message it receives to a handler. */
final class SipEndpoint implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    SipEndpoint(String name, int port, BiConsumer<SipMessage, SocketAddress> handler) {
        try {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
            socket.setReceiveBufferSize(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException("mediabench: cannot bind the " + name + " SIP socket 127.0.0.1:" + port, e);
        }
        thread = new Thread(() -> {
            byte[] buf = new byte[65536];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    if (p.getLength() > 4) { // not a keep-alive CRLF
                        handler.accept(SipMessage.parse(buf, p.getLength()), p.getSocketAddress());
                    }
                } catch (IOException e) {
                    return; // closed
                } catch (RuntimeException e) {
                    System.err.println("mediabench: " + name + ": message not handled: " + e);
                }
            }
        }, "mediabench-sip-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(String message, SocketAddress to) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(b, b.length, to));
        } catch (IOException e) {
            System.err.println("mediabench: send to " + to + " failed: " + e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
