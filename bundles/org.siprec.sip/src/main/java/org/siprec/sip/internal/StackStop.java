package org.siprec.sip.internal;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a JAIN-SIP RI stack without the fixed second its stop sleeps for. {@code SIPTransactionStack.stopStack}
 * shuts the executors down, closes every socket, stops its timer, then sleeps 1 s before it clears its tables: a
 * second added to every restart of an endpoint, three to the platform's shutdown (one per endpoint) and one to every
 * test that stops a platform. The stop runs on a thread of its own that is woken from that one sleep (the RI catches
 * the interrupt and goes on); this returns when the stop has ended, every step done in the RI's order. It is not
 * simply left to finish in the background: its first steps include shutting down an executor the RI shares between
 * all stacks of the JVM (self-routed requests), which must not happen after the next endpoint has started.
 */
final class StackStop {
    private static final Logger LOG = LoggerFactory.getLogger(StackStop.class);
    /** Whatever happens, no longer than the RI's own stop would wait for its steps. */
    private static final long LIMIT_SECONDS = 10;

    private StackStop() {
    }

    /** Runs {@code stop} (a stack's stop, which ends in {@code SIPTransactionStack.stopStack}) without its sleep. */
    static void withoutItsSleep(Runnable stop) {
        Thread stopper = new Thread(stop, "siprec-sip-stack-stop");
        stopper.setDaemon(true);
        stopper.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        try {
            while (stopper.isAlive() && System.nanoTime() < deadline) {
                if (sleepingInStopStack(stopper)) {
                    stopper.interrupt();
                }
                stopper.join(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("SIP stack stop still running after {} s; left to finish on its own", LIMIT_SECONDS);
        }
    }

    /** Whether {@code t} is in the one Thread.sleep of SIPTransactionStack.stopStack (and nowhere else). */
    private static boolean sleepingInStopStack(Thread t) {
        if (t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        // Thread.sleep is one frame on Java 17, several on later ones: skip java.lang.Thread's own frames
        StackTraceElement[] frames = t.getStackTrace();
        int i = 0;
        while (i < frames.length && frames[i].getClassName().equals("java.lang.Thread")) {
            i++;
        }
        return i > 0 && i < frames.length && frames[0].getMethodName().startsWith("sleep")
                && frames[i].getClassName().equals("gov.nist.javax.sip.stack.SIPTransactionStack")
                && frames[i].getMethodName().equals("stopStack");
    }
}
