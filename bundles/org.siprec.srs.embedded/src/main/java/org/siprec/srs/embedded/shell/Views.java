package org.siprec.srs.embedded.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;
import org.siprec.api.catalog.CatalogEntry;

/** Formatting of the recordings commands' output (kept apart so that it can be unit tested). */
final class Views {
    static final String NO_RECORDINGS = "No recordings";

    private Views() {
    }

    /** One row per entry, in the order given. */
    static ShellTable recordings(List<CatalogEntry> entries) {
        ShellTable table = new ShellTable().emptyTableText(NO_RECORDINGS);
        table.column("Id");
        table.column("Start");
        table.column("Duration").alignRight();
        table.column("Participants");
        table.column("Codecs");
        table.column("State");
        for (CatalogEntry e : entries) {
            table.addRow().addContent(e.id(), text(e.start()), duration(e.duration()), participants(e.participants()),
                    list(e.codecs()), state(e));
        }
        return table;
    }

    static String recording(CatalogEntry e, boolean withMetadata) {
        return recording(e, withMetadata, f -> Files.readAllBytes(f));
    }

    /** Reads a file's plaintext (through the {@code RecordingContent} service when its files may be encrypted). */
    interface FileReader {
        byte[] read(Path file) throws IOException;
    }

    static String recording(CatalogEntry e, boolean withMetadata, FileReader files) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Id", e.id());
        line(sb, "State", state(e));
        line(sb, "Call-ID", e.callId());
        line(sb, "Session-ID", list(e.sessionIds()));
        line(sb, "SRC", e.src());
        line(sb, "Start", e.start());
        line(sb, "Stop", e.stop());
        line(sb, "Duration", duration(e.duration()));
        line(sb, "End reason", e.endReason());
        line(sb, "Participants", participants(e.participants()));
        for (CatalogEntry.Channel c : e.channels()) {
            line(sb, "Channel " + c.index(), "labels " + list(c.labels()) + ", " + list(c.participants()));
        }
        for (CatalogEntry.MediaStream s : e.streams()) {
            line(sb, "Stream " + text(s.label()), text(s.codec()) + " (PT " + (s.payloadType() < 0 ? "-" : s.payloadType()) + ")"
                    + (s.raw() ? " raw, stored as received in " + text(s.file()) : " -> channel " + s.channel())
                    + ", " + s.packets() + " packets");
        }
        for (CatalogEntry.Pause p : e.pauses()) {
            line(sb, "Paused", pause(e, p));
        }
        line(sb, "WAV", e.wav());
        for (Path f : e.metadata()) {
            line(sb, "Metadata", f);
        }
        if (withMetadata && !e.metadata().isEmpty()) {
            Path last = e.metadata().get(e.metadata().size() - 1);
            sb.append("\nLatest metadata (").append(last.getFileName()).append("):\n");
            try {
                sb.append(new String(files.read(last), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException ex) {
                sb.append("(cannot read: ").append(ex.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    /** {@code <start> to <end> (N.N s, silence in the WAV from +M.M s)}; an open pause says "still paused". */
    static String pause(CatalogEntry e, CatalogEntry.Pause p) {
        String offset = String.format(java.util.Locale.ROOT, "%.1f", Duration.between(e.start(), p.start()).toMillis() / 1000.0);
        if (p.end() == null) {
            return p.start() + " (still paused; silence in the WAV from +" + offset + " s)";
        }
        String length = String.format(java.util.Locale.ROOT, "%.1f", Duration.between(p.start(), p.end()).toMillis() / 1000.0);
        return p.start() + " to " + p.end() + " (" + length + " s, silence in the WAV from +" + offset + " s)";
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(String.format("%-14s %s%n", key, text(value)));
    }

    static String state(CatalogEntry e) {
        return e.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String participants(List<CatalogEntry.Party> parties) {
        if (parties.isEmpty()) {
            return "-";
        }
        return parties.stream().map(p -> p.name() == null ? text(p.aor()) : p.name() + " <" + text(p.aor()) + ">")
                .collect(Collectors.joining(", "));
    }

    static String list(List<?> values) {
        return values.isEmpty() ? "-" : values.stream().map(Views::text).collect(Collectors.joining(", "));
    }

    /** {@code H:MM:SS}; absent as {@code -}. */
    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = Math.round(d.toMillis() / 1000.0);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static String text(Object o) {
        return o == null ? "-" : o.toString();
    }
}
