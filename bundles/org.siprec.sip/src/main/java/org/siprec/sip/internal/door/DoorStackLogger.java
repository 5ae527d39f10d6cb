package org.siprec.sip.internal.door;

import gov.nist.core.StackLogger;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's logger (stack property {@code gov.nist.javax.sip.STACK_LOGGER}, one for the whole JVM: the RI keeps it
 * in a static field). The RI's default logged malformed input at ERROR with the sender's raw bytes (NULs and
 * all) and stack traces. Here every text is escaped and capped ({@link LogText}); the RI's errors, nearly all
 * caused by what a peer sent, are one INFO line without stack trace (at most {@link #BUDGET} a minute, then
 * DEBUG), the trace at DEBUG; its fatal errors stay ERROR. Its warnings and info are DEBUG, its debug TRACE.
 * Logger name {@code org.siprec.sip.ri}.
 */
public class DoorStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("org.siprec.sip.ri");
    static final int BUDGET = 30;
    private static final long MINUTE = 60_000_000_000L;
    private static final int MAX = 300;
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public DoorStackLogger() {
    }

    private boolean withinBudget() {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start > MINUTE && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
            long s = suppressed.getAndSet(0);
            if (s > 0) {
                LOG.info("SIP stack: {} further error lines in the last minute logged at DEBUG only", s);
            }
        }
        if (inWindow.incrementAndGet() <= BUDGET) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    private void error(String message, Throwable t) {
        String text = LogText.safe(message, MAX) + (t == null ? "" : ": " + LogText.safe(describe(t), MAX));
        if (withinBudget()) {
            LOG.info("SIP stack: {}", text);
        } else {
            LOG.debug("SIP stack: {}", text);
        }
        if (t != null && LOG.isDebugEnabled()) {
            LOG.debug("SIP stack error detail", t);
        }
    }

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_TRACE);
    }

    @Override
    public void logStackTrace(int traceLevel) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("SIP stack trace", new Exception("stack trace"));
        }
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        error("exception", ex);
    }

    @Override
    public void logDebug(String message) {
        if (LOG.isTraceEnabled()) {
            LOG.trace(LogText.safe(message, 4 * MAX));
        }
    }

    @Override
    public void logDebug(String message, Exception ex) {
        if (LOG.isTraceEnabled()) {
            LOG.trace(LogText.safe(message, 4 * MAX), ex);
        }
    }

    @Override
    public void logTrace(String message) {
        logDebug(message);
    }

    /**
     * A failed network or SIP operation (a peer that went away, a host name in a Via that does not resolve) is
     * something a peer did, not a fault of the platform: its message only ("... (peer or network)"); any other throwable keeps its
     * class name, so that a real fault still reads as one.
     */
    static String describe(Throwable t) {
        if (t instanceof java.io.IOException || t instanceof javax.sip.SipException) {
            return (t.getMessage() == null ? "no detail" : t.getMessage()) + " (peer or network)";
        }
        return t.toString();
    }

    @Override
    public void logFatalError(String message) {
        LOG.error("SIP stack: {}", LogText.safe(message, MAX));
    }

    @Override
    public void logError(String message) {
        error(message, null);
    }

    @Override
    public void logError(String message, Exception ex) {
        error(message, ex);
    }

    @Override
    public boolean isLoggingEnabled() {
        return true;
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (logLevel <= TRACE_ERROR) {
            return true;
        }
        return logLevel <= TRACE_INFO ? LOG.isDebugEnabled() : LOG.isTraceEnabled();
    }

    @Override
    public void logWarning(String message) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("SIP stack: {}", LogText.safe(message, MAX));
        }
    }

    @Override
    public void logInfo(String message) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("SIP stack: {}", LogText.safe(message, MAX));
        }
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
