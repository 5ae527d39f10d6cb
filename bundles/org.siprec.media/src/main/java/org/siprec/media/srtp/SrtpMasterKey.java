package org.siprec.media.srtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An SRTP master key and master salt (16 + 14 bytes), as carried base64-encoded in the {@code inline:} key
 * parameter of an SDES {@code a=crypto} line. {@link #toString()} never shows the key.
 */
public final class SrtpMasterKey {
    private static final int LENGTH = SrtpProfile.MASTER_KEY_LENGTH + SrtpProfile.MASTER_SALT_LENGTH;

    private final byte[] key;
    private final byte[] salt;

    /** @throws IllegalArgumentException when the key is not 16 or the salt not 14 bytes */
    public SrtpMasterKey(byte[] key, byte[] salt) {
        if (key.length != SrtpProfile.MASTER_KEY_LENGTH || salt.length != SrtpProfile.MASTER_SALT_LENGTH) {
            throw new IllegalArgumentException("an SRTP master key is 16 bytes and its salt 14, not " + key.length
                    + " and " + salt.length);
        }
        this.key = key.clone();
        this.salt = salt.clone();
    }

    /** A fresh random key and salt (one per stream: a key is never shared by two senders). */
    public static SrtpMasterKey random(SecureRandom random) {
        byte[] both = new byte[LENGTH];
        random.nextBytes(both);
        return concatenated(both);
    }

    /**
     * The key and salt of an {@code inline:} parameter's base64 text (30 bytes once decoded).
     *
     * @throws IllegalArgumentException when the text is not base64 or not 30 bytes long
     */
    public static SrtpMasterKey ofBase64(String base64) {
        byte[] both;
        try {
            both = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the SDES key is not base64");
        }
        if (both.length != LENGTH) {
            throw new IllegalArgumentException("the SDES key is " + both.length + " bytes, not 30 (key and salt)");
        }
        return concatenated(both);
    }

    private static SrtpMasterKey concatenated(byte[] both) {
        return new SrtpMasterKey(Arrays.copyOfRange(both, 0, SrtpProfile.MASTER_KEY_LENGTH),
                Arrays.copyOfRange(both, SrtpProfile.MASTER_KEY_LENGTH, LENGTH));
    }

    /** Key and salt, base64-encoded with padding, as written after {@code inline:}. */
    public String base64() {
        byte[] both = Arrays.copyOf(key, LENGTH);
        System.arraycopy(salt, 0, both, SrtpProfile.MASTER_KEY_LENGTH, salt.length);
        return Base64.getEncoder().encodeToString(both);
    }

    byte[] key() {
        return key.clone();
    }

    byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpMasterKey other && Arrays.equals(key, other.key) && Arrays.equals(salt, other.salt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "SrtpMasterKey[hidden]";
    }
}
