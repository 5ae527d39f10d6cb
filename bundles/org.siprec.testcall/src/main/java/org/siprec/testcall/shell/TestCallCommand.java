package org.siprec.testcall.shell;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.catalog.RecordingCatalog;
import org.siprec.testcall.internal.CallOutcome;
import org.siprec.testcall.internal.RecordingLocator;
import org.siprec.testcall.internal.TestCallReport;
import org.siprec.testcall.internal.TestCallService;
import org.siprec.testcall.internal.TestCallSettings;

/**
 * {@code siprec:test-call [--seconds N]}: a call with audio (440 Hz / 660 Hz tones) through the platform to the
 * built-in test callee; prints how it went and where its recording (WAV, metadata) is.
 */
@Service
@Command(scope = "siprec", name = "test-call",
        description = "Places a test call with audio through the platform to a built-in callee and prints where its recording is")
public class TestCallCommand implements Action {
    static final int MAX_SECONDS = 600;

    @Reference
    TestCallService service;

    @Option(name = "--seconds", aliases = "-s", description = "Seconds of audio sent each way (1-600, default 5)")
    int seconds = 5;

    @Override
    public Object execute() throws Exception {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            System.out.println("--seconds must be between 1 and " + MAX_SECONDS);
            return null;
        }
        TestCallSettings settings = service.settings();
        System.out.println("Calling " + service.calleeUri() + " through the platform at " + settings.platformUri() + " ("
                + seconds + " s of audio: caller 440 Hz, callee 660 Hz) ...");
        CallOutcome outcome;
        try {
            outcome = service.call(Duration.ofSeconds(seconds)).get(seconds + 60L, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.out.println("No result after " + (seconds + 60) + " s; see siprec:calls and the log.");
            return null;
        } catch (ExecutionException e) {
            System.out.println("The test call failed: " + e.getCause());
            return null;
        }
        TestCallReport.call(outcome, settings.platformUri()).forEach(System.out::println);
        if (!outcome.answered()) {
            return null;
        }
        Optional<RecordingCatalog> catalog = service.catalog();
        if (catalog.isEmpty()) {
            TestCallReport.noCatalog().forEach(System.out::println);
            return null;
        }
        System.out.println("Looking for the recording in the recording catalog (up to " + settings.recordingWait().toSeconds() + " s) ...");
        Optional<RecordingLocator.Found> found = new RecordingLocator(catalog.get()).await(outcome, settings.recordingWait());
        TestCallReport.recording(found, settings.recordingWait()).forEach(System.out::println);
        return null;
    }
}
