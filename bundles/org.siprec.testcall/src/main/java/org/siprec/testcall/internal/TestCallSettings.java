package org.siprec.testcall.internal;

import java.time.Duration;

/** The validated {@link TestCallConfig}. */
public record TestCallSettings(String platformUri, Duration recordingWait, String mediaAddress) {

    public static TestCallSettings from(TestCallConfig config) {
        String uri = config.platform_uri() == null ? "" : config.platform_uri().trim();
        if (!uri.startsWith("sip:")) {
            throw new IllegalArgumentException("platform.uri must be a sip: URI, e.g. sip:127.0.0.1:5060: " + uri);
        }
        int wait = config.recording_wait_s();
        if (wait < 0 || wait > 300) {
            throw new IllegalArgumentException("recording.wait.s must be between 0 and 300: " + wait);
        }
        return new TestCallSettings(uri, Duration.ofSeconds(wait), config.media_address() == null ? "" : config.media_address().trim());
    }
}
