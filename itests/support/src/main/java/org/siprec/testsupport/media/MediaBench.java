package org.siprec.testsupport.media;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's media mode (issue 10): sends timestamped G.711-sized RTP both ways through N established calls and
 * reports, at the callee, the caller and the SRS, the loss and the added delay (receive time minus send time,
 * p50/p99/p99.9/max), with a verdict against the target (&lt; 0.01 % loss, p99 &lt; 5 ms).
 *
 * <pre>
 * java -cp siprec-test-support.jar org.siprec.testsupport.media.MediaBench --calls 20 --seconds 10
 *     [--b2bua 127.0.0.1:5060] [--caller-port 5080] [--callee-port 5070] [--srs-port 5095 | --no-srs]
 *     [--setup-cps 50] [--commit abc1234] [--command "itests/bench/run.sh --media 20"]
 * java ... MediaBench --loopback --calls 5 --seconds 2     (no platform: caller and callee send to each other)
 * </pre>
 * Exit status: 0 when the run happened as asked (every call up, and recorded when an SRS is used), 1 when not,
 * 2 on bad arguments; the verdict on the figures is printed, never the exit status.
 * A run against rtpengine (issue 10's comparison) would use the same sender and sinks with rtpengine's NG offer/
 * answer in place of {@link PlatformCalls}: not built yet.
 */
public final class MediaBench {
    /** Issue 10's media target. */
    static final double TARGET_LOSS_PCT = 0.01;
    static final double TARGET_P99_MS = 5.0;

    /** The figures of one run. */
    public record Result(int calls, int established, int recorded, long sentCallerToCallee, long sentCalleeToCaller,
            SinkStats atCallee, SinkStats atCaller, SinkStats atSrs, long maxLateNanos, long sendErrors, boolean withSrs) {

        long expected(SinkStats s) {
            return s == atCallee ? sentCallerToCallee : s == atCaller ? sentCalleeToCaller : sentCallerToCallee + sentCalleeToCaller;
        }

        double lossPct(SinkStats s) {
            long e = expected(s);
            return e == 0 ? 0 : 100.0 * (e - s.received()) / e;
        }

        List<SinkStats> sinks() {
            return withSrs ? List.of(atCallee, atCaller, atSrs) : List.of(atCallee, atCaller);
        }

        public boolean setUpAsAsked() {
            return established == calls && (!withSrs || recorded == calls);
        }

        public boolean meetsTarget() {
            return setUpAsAsked() && sinks().stream().allMatch(s -> expected(s) > 0 && lossPct(s) < TARGET_LOSS_PCT
                    && s.delay().percentileNanos(99) / 1e6 < TARGET_P99_MS);
        }
    }

    public static void main(String[] args) throws Exception {
        int calls = 20;
        int seconds = 10;
        int setupCps = 50;
        String b2bua = "127.0.0.1:5060";
        int callerPort = 5080;
        int calleePort = 5070;
        int srsPort = 5095;
        boolean loopback = false;
        String commit = "?";
        String command = "MediaBench " + String.join(" ", args);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--setup-cps" -> setupCps = Integer.parseInt(args[++i]);
                case "--b2bua" -> b2bua = args[++i];
                case "--caller-port" -> callerPort = Integer.parseInt(args[++i]);
                case "--callee-port" -> calleePort = Integer.parseInt(args[++i]);
                case "--srs-port" -> srsPort = Integer.parseInt(args[++i]);
                case "--no-srs" -> srsPort = 0;
                case "--loopback" -> loopback = true;
                case "--commit" -> commit = args[++i];
                case "--command" -> command = args[++i];
                default -> {
                    System.err.println("mediabench: unknown argument " + args[i] + " (see the class comment)");
                    System.exit(2);
                }
            }
        }
        Result r = loopback ? loopback(calls, seconds) : platform(calls, seconds, setupCps, address(b2bua), callerPort, calleePort, srsPort);
        print(System.out, r, command, seconds, commit);
        System.exit(r.setUpAsAsked() ? 0 : 1);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** No platform: each call's caller and callee socket send straight to each other (the tool's own check). */
    public static Result loopback(int calls, int seconds) throws InterruptedException {
        SinkStats atCaller = new SinkStats("caller");
        SinkStats atCallee = new SinkStats("callee");
        try (MediaSink sink = new MediaSink()) {
            List<RtpSender.Leg> legs = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                DatagramChannel a = sink.open(atCaller);
                DatagramChannel b = sink.open(atCallee);
                legs.add(new RtpSender.Leg(i, RtpProbe.CALLER_TO_CALLEE, a, local(b)));
                legs.add(new RtpSender.Leg(i, RtpProbe.CALLEE_TO_CALLER, b, local(a)));
            }
            Thread.sleep(200); // the receiver registers the new sockets
            return send(legs, calls, calls, 0, seconds, sink, atCaller, atCallee, new SinkStats("srs"), false);
        }
    }

    private static InetSocketAddress local(DatagramChannel ch) {
        try {
            return (InetSocketAddress) ch.getLocalAddress();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Result send(List<RtpSender.Leg> legs, int calls, int established, int recorded, int seconds, MediaSink sink,
            SinkStats atCaller, SinkStats atCallee, SinkStats atSrs, boolean withSrs) throws InterruptedException {
        RtpSender sender = new RtpSender(legs);
        sender.run(seconds * 1_000_000_000L);
        Thread.sleep(1000); // packets still in flight
        sink.close();
        return new Result(calls, established, recorded, sender.sent(RtpProbe.CALLER_TO_CALLEE), sender.sent(RtpProbe.CALLEE_TO_CALLER),
                atCallee, atCaller, atSrs, sender.maxLateNanos(), sender.sendErrors(), withSrs);
    }

    /** N calls through the platform at {@code b2bua}, recorded to this tool's SRS on {@code srsPort} (0: none). */
    public static Result platform(int calls, int seconds, int setupCps, InetSocketAddress b2bua, int callerPort, int calleePort,
            int srsPort) throws InterruptedException {
        SinkStats atCaller = new SinkStats("caller");
        SinkStats atCallee = new SinkStats("callee");
        SinkStats atSrs = new SinkStats("srs");
        boolean withSrs = srsPort > 0;
        MediaSink sink = new MediaSink();
        try (PlatformCalls pc = new PlatformCalls(sink, atCaller, atCallee, atSrs, b2bua, callerPort, calleePort, srsPort)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                pc.invite(i);
                Thread.sleep(1000 / Math.max(1, setupCps));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            int up;
            while ((up = pc.established(1_000_000_000L)) + pc.failures.get() < calls && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            System.out.printf(Locale.ROOT, "mediabench: %d of %d calls established in %.1f s%n", up, calls, (System.nanoTime() - t0) / 1e9);
            long srsDeadline = System.nanoTime() + 10_000_000_000L;
            while (withSrs && pc.srsSessions() < up && System.nanoTime() < srsDeadline) {
                Thread.sleep(50);
            }
            int recorded = withSrs ? pc.srsSessions() : 0;
            if (withSrs) {
                System.out.printf("mediabench: %d recording sessions established at the SRS%n", recorded);
            }
            Thread.sleep(300); // the relay's and the mirror's sockets settle after the last answers
            System.out.printf("mediabench: sending RTP for %d s%n", seconds);
            Result r = send(pc.legs(), calls, up, recorded, seconds, sink, atCaller, atCallee, atSrs, withSrs);
            pc.byeAll();
            long byeDeadline = System.nanoTime() + 10_000_000_000L;
            while ((pc.byesAnswered() < up || (withSrs && pc.srsByes.get() < recorded)) && System.nanoTime() < byeDeadline) {
                Thread.sleep(50);
            }
            System.out.printf("mediabench: BYE answered for %d of %d calls; BYE at the callee %d, at the SRS %d%n",
                    pc.byesAnswered(), up, pc.calleeByes.get(), pc.srsByes.get());
            return r;
        } finally {
            sink.close();
        }
    }

    static void print(PrintStream out, Result r, String command, int seconds, String commit) {
        out.printf("%ncommand: %s%ncommit %s, %d calls (%d established, %d recorded), %d s of RTP both ways, 172-byte packets every 20 ms%n",
                command, commit, r.calls(), r.established(), r.withSrs() ? r.recorded() : 0, seconds);
        out.printf("%-8s %8s %10s %10s %6s %9s %8s %8s %8s %8s%n", "at", "streams", "expected", "received", "dups", "loss %",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        for (SinkStats s : r.sinks()) {
            DelayHistogram d = s.delay();
            out.printf(Locale.ROOT, "%-8s %8d %10d %10d %6d %9.4f %8.2f %8.2f %8.2f %8.2f%n", s.name(), s.streams(), r.expected(s),
                    s.received(), s.duplicates(), r.lossPct(s), d.percentileNanos(50) / 1e6, d.percentileNanos(99) / 1e6,
                    d.percentileNanos(99.9) / 1e6, d.maxNanos() / 1e6);
        }
        out.printf(Locale.ROOT, "sender: max %.2f ms behind schedule, %d send errors%n", r.maxLateNanos() / 1e6, r.sendErrors());
        out.printf("verdict: %s issue 10's media target (< %s %% loss, p99 added delay < %s ms) at %d calls%s%n",
                r.meetsTarget() ? "MEETS" : "DOES NOT MEET", TARGET_LOSS_PCT, TARGET_P99_MS, r.calls(),
                r.calls() < 1000 ? " (the target is stated for 1,000 calls)" : "");
    }
}
