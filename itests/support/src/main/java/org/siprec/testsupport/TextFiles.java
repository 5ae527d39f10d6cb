package org.siprec.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Log and trace files quoted in assertion messages. */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * The last {@code lines} lines of a file, each ending in a newline; a note in place of the text when the file
     * does not exist or cannot be read (a diagnostic must not throw). Read as ISO-8859-1: traces may hold any byte.
     */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file.getFileName() + ")\n";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            StringBuilder sb = new StringBuilder();
            for (String l : all.subList(Math.max(0, all.size() - lines), all.size())) {
                sb.append(l).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }
}
