package org.siprec.api.catalog;

import java.io.IOException;

/**
 * A recording's encrypted file cannot be read as plaintext: its key is not available, or a part of it fails
 * authentication (it was altered, truncated, reordered, or written with another key). The message says which, never
 * a key or a password.
 *
 * @since 1.4
 */
public class UnreadableContentException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnreadableContentException(String message) {
        super(message);
    }

    public UnreadableContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
