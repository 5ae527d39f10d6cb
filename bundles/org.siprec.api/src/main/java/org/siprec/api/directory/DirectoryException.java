package org.siprec.api.directory;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A change of the directory that is refused: bad input (unknown company, malformed number, overlapping or inverted
 * hours, unknown time zone...) or a storage failure. Nothing was changed. The message names the line (imports) and
 * the field concerned.
 */
public class DirectoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String field;

    /**
     * @param line    the line of the imported file, 0 when not an import
     * @param field   the field concerned, or {@code null}
     * @param message what is wrong and, where it helps, what is expected
     * @param cause   the underlying failure, or {@code null}
     */
    public DirectoryException(int line, String field, String message, Throwable cause) {
        super((line > 0 ? "line " + line + ": " : "") + (field != null ? "field " + field + ": " : "") + message,
                cause);
        this.line = line;
        this.field = field;
    }

    public DirectoryException(String field, String message) {
        this(0, field, message, null);
    }

    /** The line of the imported file, when the change was an import. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The field concerned, when one is. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
