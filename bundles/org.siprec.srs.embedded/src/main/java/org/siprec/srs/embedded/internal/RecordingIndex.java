package org.siprec.srs.embedded.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code index.jsonl}: one JSON object per finished recording, appended when it ends. */
final class RecordingIndex {
    static final String FILE = "index.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(RecordingIndex.class);

    private final Path file;

    RecordingIndex(Path dir) {
        this.file = dir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    synchronized void append(Map<String, Object> entry) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.write(entry) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Every readable entry, oldest first; lines that are not JSON objects (e.g. cut by a crash) are skipped. */
    @SuppressWarnings("unchecked")
    synchronized List<Map<String, Object>> readAll() {
        List<Map<String, Object>> result = new ArrayList<>();
        if (!Files.exists(file)) {
            return result;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Object v = Json.parse(line);
                    if (v instanceof Map<?, ?> map) {
                        result.add((Map<String, Object>) map);
                    }
                } catch (RuntimeException e) {
                    LOG.debug("index line skipped: {}", e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.toString());
        }
        return result;
    }
}
