package org.siprec.srs.embedded.internal;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code index.jsonl}: one JSON object ({@link IndexEntry}) per finished recording, appended when it ends. Operators
 * may read or ship the file; the platform itself reads it only here (other bundles use the RecordingCatalog service).
 */
final class RecordingIndex {
    static final String FILE = "index.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(RecordingIndex.class);
    /** Nulls written so that every line has the same fields, in the record's order (the file format). */
    private static final JSON LINES = JSON.builder()
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.WRITE_RECORD_FIELDS_IN_DECLARATION_ORDER)
            .disable(JSON.Feature.FAIL_ON_UNKNOWN_BEAN_PROPERTY)
            .build();

    private final Path file;

    RecordingIndex(Path dir) {
        this.file = dir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    /** One line, without its line break. */
    static String line(IndexEntry entry) throws IOException {
        return LINES.asString(entry);
    }

    /** @throws IOException also when the text is not one JSON object of the index's shape */
    static IndexEntry parse(String line) throws IOException {
        return LINES.beanFrom(IndexEntry.class, line);
    }

    /** {@code value} as it appears inside a line (a JSON string without its quotes), for the hint of {@link #latest}. */
    static String asWritten(String value) {
        try {
            String quoted = LINES.asString(value);
            return quoted.substring(1, quoted.length() - 1);
        } catch (IOException e) {
            return null; // no hint: every line is parsed
        }
    }

    synchronized void append(IndexEntry entry) throws IOException {
        String text = line(entry) + "\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /**
     * Entries, last appended first, at most {@code limit}. Only lines that contain {@code hint} (when not null) are
     * parsed, a cheap filter before {@code filter}; lines that are not entries (e.g. cut short by a crash) are skipped.
     */
    synchronized List<IndexEntry> latest(int limit, String hint, Predicate<IndexEntry> filter) {
        List<IndexEntry> result = new ArrayList<>();
        if (limit <= 0 || !Files.exists(file)) {
            return result;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.toString());
            return result;
        }
        for (int i = lines.size() - 1; i >= 0 && result.size() < limit; i--) {
            String line = lines.get(i);
            if (line.isBlank() || (hint != null && !line.contains(hint))) {
                continue;
            }
            try {
                IndexEntry entry = parse(line);
                if (entry != null && filter.test(entry)) {
                    result.add(entry);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("{} line {} skipped: {}", file, i + 1, e.getMessage());
            }
        }
        return result;
    }
}
