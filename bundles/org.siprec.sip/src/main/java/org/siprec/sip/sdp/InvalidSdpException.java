package org.siprec.sip.sdp;

/** The SDP body cannot be used; the message says why (suitable for a 488 Warning or a log line). */
public class InvalidSdpException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidSdpException(String message) {
        super(message);
    }

    public InvalidSdpException(String message, Throwable cause) {
        super(message, cause);
    }
}
