package org.siprec.testcall.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What {@code siprec:test-call} uses: places test calls and knows where their recordings land. */
public interface TestCallService {
    /** Places one test call through the platform with {@code audio} of tone each way; completes when it is over. */
    CompletableFuture<CallOutcome> call(Duration audio);

    /** The current settings (platform URI, recordings folder, ...). */
    TestCallSettings settings();

    /** The built-in callee's URI, the Request-URI of every test call (e.g. {@code sip:test-callee@127.0.0.1:5092}). */
    String calleeUri();
}
