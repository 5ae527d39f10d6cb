package org.siprec.testcall.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;

/** The text {@code siprec:test-call} prints about a finished call and its recording. */
public final class TestCallReport {
    private TestCallReport() {
    }

    /** What happened on the SIP side, with hints when the call did not go through. */
    public static List<String> call(CallOutcome outcome, String platformUri) {
        List<String> lines = new ArrayList<>();
        lines.add(outcome.describe());
        if (outcome.answered()) {
            lines.add(outcome.packets());
            if (outcome.calleeCallId() == null) {
                lines.add("note: the answer did not come from the built-in test callee");
            }
        } else {
            lines.add("Check that the platform is running and listens on " + platformUri
                    + " (siprec:status, etc/org.siprec.sip.cfg), that 127.0.0.1 is in trusted.peers (etc/org.siprec.src.cfg),"
                    + " and the log (log:display | grep -i siprec).");
        }
        return lines;
    }

    /** Why the recording cannot be looked for: no SRS publishes a recording catalog here. */
    public static List<String> noCatalog() {
        return List.of("No recording catalog is available: the embedded SRS (feature siprec-srs-embedded) is not running,"
                        + " so the test call cannot tell whether or where the call was recorded.",
                "Check: feature:list -i | grep siprec-srs-embedded, scr:list | grep -i srs, and the log: log:display | grep -i srs."
                        + " If the platform records to another SRS, look for the recording there.");
    }

    /** Where the recording is, or that there is none and how to find out why. */
    public static List<String> recording(Optional<RecordingLocator.Found> found, Duration waited) {
        List<String> lines = new ArrayList<>();
        if (found.isEmpty()) {
            lines.add("The call was NOT recorded: the recording catalog has no recording of it after " + waited.toSeconds() + " s.");
            lines.add("Check: siprec:status (recording counters, SRS), feature:list -i | grep siprec (a recording policy such as"
                    + " siprec-policy-recordall, an SRS adapter and the embedded SRS installed?), etc/org.siprec.srs.sip.cfg"
                    + " (srs.uris), and the log: log:display | grep -i -e record -e srs");
            return lines;
        }
        RecordingLocator.Found f = found.get();
        CatalogEntry e = f.entry();
        String about = "Recording " + e.id() + String.format(Locale.ROOT, " (%.1f s)", e.duration().toMillis() / 1000.0);
        if (e.state() == RecordingState.RECORDING) {
            about += ", STILL RECORDING after " + waited.toSeconds() + " s: the recording session has not ended, the files are not complete";
        } else if (e.state() == RecordingState.FAILED) {
            about += ", FAILED: the SRS could not write all of it (see the log)";
        }
        if ("participants".equals(f.matchedBy())) {
            about += ", matched by participants and time only";
        }
        lines.add(about + ":");
        lines.add("  WAV:      " + (e.wav() == null ? "(none: no stream in a codec the SRS decodes)" : e.wav() + missing(e.wav())));
        if (e.metadata().isEmpty()) {
            lines.add("  metadata: (none received)");
        } else {
            for (Path p : e.metadata()) {
                lines.add("  metadata: " + p + missing(p));
            }
        }
        if (e.wav() != null) {
            lines.add("Play it with any audio player (e.g. aplay " + e.wav() + "): 440 Hz from the caller, 660 Hz from the callee."
                    + " Details: siprec:recording " + e.id());
        }
        return lines;
    }

    private static String missing(Path p) {
        return Files.exists(p) ? "" : "  (file not found)";
    }
}
