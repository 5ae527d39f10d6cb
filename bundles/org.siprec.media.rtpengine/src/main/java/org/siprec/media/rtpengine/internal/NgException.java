package org.siprec.media.rtpengine.internal;

import org.siprec.api.media.MediaException;

/** An NG command failed: rtpengine answered {@code result=error}, did not answer in time, or answered garbage. */
final class NgException extends MediaException {
    private static final long serialVersionUID = 1L;

    NgException(String message) {
        super(message);
    }

    NgException(String message, Throwable cause) {
        super(message, cause);
    }
}
