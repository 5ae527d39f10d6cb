package org.siprec.metadata;

/**
 * Why a communication session ended ({@code <reason>} of a {@code <session>}, RFC 7865 section 6.3).
 *
 * @param protocol the protocol of the cause, e.g. {@code SIP}, or {@code null}
 * @param cause the cause code, e.g. {@code 486}, or {@code null}
 * @param text the text, or {@code null}
 */
public record Reason(String protocol, Integer cause, String text) {

    public static Reason sip(int cause, String text) {
        return new Reason("SIP", cause, text);
    }
}
