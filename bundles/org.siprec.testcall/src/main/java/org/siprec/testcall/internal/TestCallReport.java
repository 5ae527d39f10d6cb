package org.siprec.testcall.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

    /** Where the recording is, or that there is none and how to find out why. */
    public static List<String> recording(Optional<RecordingLocator.Found> found, Path index, Duration waited) {
        List<String> lines = new ArrayList<>();
        if (found.isEmpty()) {
            lines.add("The call was NOT recorded: no entry for it in " + index + " after " + waited.toSeconds() + " s"
                    + (Files.exists(index) ? "." : " (the file does not exist)."));
            lines.add("Check: siprec:status (recording counters, SRS), feature:list -i | grep siprec (a recording policy such as"
                    + " siprec-policy-recordall, an SRS adapter and the embedded SRS installed?), etc/org.siprec.srs.sip.cfg"
                    + " (srs.uris), and the log: log:display | grep -i -e record -e srs");
            return lines;
        }
        RecordingLocator.Found f = found.get();
        Object duration = f.entry().get("durationSeconds");
        String about = f.id() == null ? "Recording" : "Recording " + f.id();
        if (duration instanceof Number n) {
            about += String.format(Locale.ROOT, " (%.1f s)", n.doubleValue());
        }
        if ("participants".equals(f.matchedBy())) {
            about += ", matched by participants and time only";
        }
        lines.add(about + ":");
        lines.add("  WAV:      " + (f.wav() == null ? "(none listed in the index)" : f.wav() + missing(f.wav())));
        if (f.metadata().isEmpty()) {
            lines.add("  metadata: (none listed in the index)");
        } else {
            for (Path p : f.metadata()) {
                lines.add("  metadata: " + p + missing(p));
            }
        }
        lines.add("  index:    " + index);
        if (f.wav() != null) {
            lines.add("Play it with any audio player (e.g. aplay " + f.wav() + "): 440 Hz from the caller, 660 Hz from the callee."
                    + (f.id() == null ? "" : " Details: siprec:recording " + f.id()));
        }
        return lines;
    }

    private static String missing(Path p) {
        return Files.exists(p) ? "" : "  (file not found)";
    }
}
