package org.siprec.api.compliance;

/**
 * No playable prompt for an announcement; the message says why (no file for the announcement, the file is invalid).
 *
 * @since 1.1
 */
public class PromptUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public PromptUnavailableException(String message) {
        super(message);
    }
}
