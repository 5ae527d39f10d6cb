package org.siprec.media.srtp;

import java.util.Locale;
import java.util.Optional;

/** The SDES crypto suites supported (RFC 4568 section 6.2): AES-128 counter mode with an HMAC-SHA1 tag of 80 or 32 bits. */
public enum SrtpProfile {
    /** The default suite: 80-bit tag. */
    AES_CM_128_HMAC_SHA1_80(10),
    /** 32-bit tag (for narrow links; weaker authentication). */
    AES_CM_128_HMAC_SHA1_32(4);

    /** Master key length in bytes (AES-128). */
    public static final int MASTER_KEY_LENGTH = 16;
    /** Master salt length in bytes (112 bits). */
    public static final int MASTER_SALT_LENGTH = 14;

    private final int tagLength;

    SrtpProfile(int tagLength) {
        this.tagLength = tagLength;
    }

    /** Length of the authentication tag appended to each packet, in bytes. */
    public int tagLength() {
        return tagLength;
    }

    /** The suite named in an {@code a=crypto} line (case-insensitive), if supported. */
    public static Optional<SrtpProfile> named(String suite) {
        if (suite == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(suite.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
