package org.siprec.testcall.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The validated {@link TestCallConfig}. */
public record TestCallSettings(String platformUri, Path recordingsDir, Duration recordingWait, String mediaAddress) {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    public static TestCallSettings from(TestCallConfig config) {
        String uri = config.platform_uri() == null ? "" : config.platform_uri().trim();
        if (!uri.startsWith("sip:")) {
            throw new IllegalArgumentException("platform.uri must be a sip: URI, e.g. sip:127.0.0.1:5060: " + uri);
        }
        String dir = config.recordings_dir() == null || config.recordings_dir().isBlank()
                ? "${karaf.data}/recordings" : config.recordings_dir().trim();
        int wait = config.recording_wait_s();
        if (wait < 0 || wait > 300) {
            throw new IllegalArgumentException("recording.wait.s must be between 0 and 300: " + wait);
        }
        return new TestCallSettings(uri, Path.of(resolve(dir)).toAbsolutePath().normalize(), Duration.ofSeconds(wait),
                config.media_address() == null ? "" : config.media_address().trim());
    }

    /** Replaces {@code ${name}} by the system property; {@code ${karaf.data}} without the property becomes {@code .}. */
    static String resolve(String text) {
        Matcher m = PROPERTY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = System.getProperty(m.group(1));
            if (value == null) {
                value = "karaf.data".equals(m.group(1)) ? "." : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
