package org.siprec.media.srtp;

import java.util.Locale;

/**
 * One SDES {@code a=crypto} attribute value (RFC 4568 section 9.1): {@code tag crypto-suite inline:key[|lifetime][|MKI:length]
 * [session-params]}. Only what this platform uses is accepted: a supported suite, one inline key, no MKI (a
 * lifetime is tolerated: the copies of one recording never come near 2^31 packets), no session parameters that
 * change the packet format (UNENCRYPTED_SRTP, UNAUTHENTICATED_SRTP, FEC_ORDER, ...).
 *
 * @param tag     the attribute's tag, echoed by the answer for the offer line it accepts
 * @param profile the crypto suite
 * @param key     the master key and salt of the side that wrote the line (what it will send with)
 */
public record SdesCrypto(int tag, SrtpProfile profile, SrtpMasterKey key) {
    /** The attribute's value, e.g. {@code 1 AES_CM_128_HMAC_SHA1_80 inline:<base64>}. */
    public String value() {
        return tag + " " + profile.name() + " inline:" + key.base64();
    }

    /**
     * Reads the value of an {@code a=crypto} attribute.
     *
     * @throws IllegalArgumentException with the reason when the line is malformed or uses what is not supported
     */
    public static SdesCrypto parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty a=crypto");
        }
        String[] parts = value.trim().split("\\s+");
        if (parts.length < 3) {
            throw new IllegalArgumentException("a=crypto needs a tag, a suite and key parameters: " + redacted(value));
        }
        int tag;
        try {
            tag = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a=crypto tag is not a number: " + parts[0]);
        }
        if (tag < 0 || tag > 999_999_999) {
            throw new IllegalArgumentException("a=crypto tag out of range: " + tag);
        }
        SrtpProfile profile = SrtpProfile.named(parts[1])
                .orElseThrow(() -> new IllegalArgumentException("unsupported crypto suite " + parts[1]));
        if (parts.length > 3) {
            throw new IllegalArgumentException("session parameters not supported: " + parts[3]);
        }
        String keyParams = parts[2];
        if (keyParams.contains(";")) {
            throw new IllegalArgumentException("several keys in one a=crypto are not supported");
        }
        if (!keyParams.toLowerCase(Locale.ROOT).startsWith("inline:")) {
            throw new IllegalArgumentException("a=crypto key method is not inline");
        }
        String[] fields = keyParams.substring("inline:".length()).split("\\|");
        for (int i = 1; i < fields.length; i++) {
            if (fields[i].contains(":")) {
                throw new IllegalArgumentException("an MKI is not supported");
            }
        }
        return new SdesCrypto(tag, profile, SrtpMasterKey.ofBase64(fields[0]));
    }

    /** The value with the key left out, for log lines. */
    public static String redacted(String value) {
        return value == null ? "null" : value.replaceAll("(?i)inline:[^\\s|;]*", "inline:<key>");
    }

    @Override
    public String toString() {
        return "SdesCrypto[" + tag + " " + profile + "]";
    }
}
