package org.siprec.srs.embedded.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validated configuration of the embedded SRS. */
record SrsSettings(Path recordingsDir, InetAddress mediaAddress, int portMin, int portMax) {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** @throws IllegalArgumentException naming the configuration key that is wrong */
    static SrsSettings from(SrsConfig config) {
        String dirText = resolve(config.recordings_dir() == null || config.recordings_dir().isBlank()
                ? "${karaf.data}/recordings" : config.recordings_dir().trim());
        Path dir;
        try {
            dir = Path.of(dirText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("recordings.dir is not a valid path: '" + dirText + "'");
        }
        String addressText = config.media_address() == null ? "" : config.media_address().trim();
        if (addressText.isEmpty() || !addressText.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("media.address must be an IP address, got '" + addressText + "'");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(addressText);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("media.address must be an IP address, got '" + addressText + "'");
        }
        int min = config.port_min();
        int max = config.port_max();
        if (min < 1024 || min > 65534) {
            throw new IllegalArgumentException("port.min must be between 1024 and 65534, got " + min);
        }
        if (max < 1025 || max > 65535) {
            throw new IllegalArgumentException("port.max must be between 1025 and 65535, got " + max);
        }
        int first = min % 2 == 0 ? min : min + 1;
        if (max - first < 1) {
            throw new IllegalArgumentException("port.max (" + max + ") must leave at least one even/odd port pair above port.min (" + min + ")");
        }
        return new SrsSettings(dir, address, min, max);
    }

    /** Creates the recordings folder if needed. @throws IllegalArgumentException naming recordings.dir */
    void prepare() {
        try {
            Files.createDirectories(recordingsDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("recordings.dir cannot be created: " + recordingsDir + " (" + e + ")");
        }
        if (!Files.isWritable(recordingsDir)) {
            throw new IllegalArgumentException("recordings.dir is not writable: " + recordingsDir);
        }
    }

    /** Replaces {@code ${name}} by the system property; {@code ${karaf.data}} without the property becomes {@code .}. */
    static String resolve(String text) {
        Matcher m = PROPERTY.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = System.getProperty(m.group(1));
            if (value == null) {
                value = "karaf.data".equals(m.group(1)) ? "." : "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
