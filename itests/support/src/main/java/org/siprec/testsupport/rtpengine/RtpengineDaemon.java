package org.siprec.testsupport.rtpengine;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.siprec.testsupport.Tools;

/**
 * An rtpengine daemon started by a test: userspace only ({@code --table=-1}, no kernel module), on 127.0.0.1, with
 * its NG control socket on a free UDP port and media on the given port range, logging to a file. Missing
 * {@code rtpengine} fails the test with the Debian package to install ({@code rtpengine-daemon}); it never skips.
 * {@link #close()} stops the daemon (its own process only).
 */
public final class RtpengineDaemon implements AutoCloseable {
    /** The Debian package that installs {@code /usr/bin/rtpengine}. */
    public static final String DEBIAN_PACKAGE = "rtpengine-daemon";

    private final Process process;
    private final int ngPort;
    private final Path log;

    private RtpengineDaemon(Process process, int ngPort, Path log) {
        this.process = process;
        this.ngPort = ngPort;
        this.log = log;
    }

    /** The rtpengine program; fails the test naming {@code apt-get install -y rtpengine-daemon} if it is missing. */
    public static Path program() {
        return Tools.require("rtpengine", DEBIAN_PACKAGE);
    }

    /**
     * Starts rtpengine and waits (at most 10 s) until it answers an NG {@code ping}.
     *
     * @param portMin first media port (even)
     * @param portMax last media port
     * @param log     file that receives the daemon's log (stderr)
     */
    public static RtpengineDaemon start(int portMin, int portMax, Path log) throws IOException, InterruptedException {
        Path program = program();
        int ngPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ngPort = probe.getLocalPort();
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = List.of(program.toString(), "--foreground", "--table=-1", "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ngPort, "--port-min=" + portMin, "--port-max=" + portMax,
                "--log-stderr", "--log-level=6");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        RtpengineDaemon daemon = new RtpengineDaemon(process, ngPort, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!daemon.answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                daemon.close();
                throw new AssertionError("rtpengine (" + String.join(" ", command) + ") did not answer an NG ping"
                        + (process.isAlive() ? " within 10 s" : ", it exited with " + process.exitValue())
                        + "; its log " + log + ":\n" + Files.readString(log));
            }
        }
        return daemon;
    }

    /** The NG control port on 127.0.0.1. */
    public int ngPort() {
        return ngPort;
    }

    public InetSocketAddress ngAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort);
    }

    /** The daemon's log so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Sends an NG ping ({@code d7:command4:pinge}) and waits 200 ms for {@code pong}. */
    public boolean answersPing() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            byte[] ping = "probe d7:command4:pinge".getBytes(US_ASCII);
            socket.send(new DatagramPacket(ping, ping.length, ngAddress()));
            byte[] buffer = new byte[512];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new String(buffer, 0, reply.getLength(), US_ASCII).contains("pong");
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
