package org.siprec.testcall.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.siprec.api.catalog.RecordingCatalog;

/** What {@code siprec:test-call} uses: places test calls and finds their recordings. */
public interface TestCallService {
    /** Places one test call through the platform with {@code audio} of tone each way; completes when it is over. */
    CompletableFuture<CallOutcome> call(Duration audio);

    /** The recording catalog of the SRS in this platform, if one runs (the embedded SRS publishes it). */
    Optional<RecordingCatalog> catalog();

    /** The current settings (platform URI, recording wait, ...). */
    TestCallSettings settings();

    /** The built-in callee's URI, the Request-URI of every test call (e.g. {@code sip:test-callee@127.0.0.1:5092}). */
    String calleeUri();
}
