package org.siprec.portal;

/** A request the API answers with an error status and a JSON message (docs/portal.md#errors). */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
