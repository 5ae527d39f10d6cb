package org.siprec.metadata;

/**
 * A metadata document could not be read, written or validated: malformed or hostile XML (DOCTYPE, entities),
 * an invalid value, or a schema violation. The message says what and, where known, at which line.
 */
public class MetadataException extends Exception {
    private static final long serialVersionUID = 1L;

    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
