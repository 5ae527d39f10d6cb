package org.siprec.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP session keys derived from a master key (RFC 3711 section 4.3.1) with key derivation rate 0: the AES-CM
 * pseudo-random function keyed by the master key, over {@code (master salt XOR label at bit 48) * 2^16}.
 */
record SessionKeys(byte[] cipherKey, byte[] salt, byte[] authKey) {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTHENTICATION = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int AUTH_KEY_LENGTH = 20;

    static SessionKeys derive(SrtpMasterKey master) {
        byte[] key = master.key();
        byte[] salt = master.salt();
        return new SessionKeys(derive(key, salt, LABEL_RTP_ENCRYPTION, SrtpProfile.MASTER_KEY_LENGTH),
                derive(key, salt, LABEL_RTP_SALT, SrtpProfile.MASTER_SALT_LENGTH),
                derive(key, salt, LABEL_RTP_AUTHENTICATION, AUTH_KEY_LENGTH));
    }

    /** {@code length} bytes of the PRF for one label (r = 0, since the key derivation rate is 0). */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] x = new byte[16];
        System.arraycopy(masterSalt, 0, x, 0, SrtpProfile.MASTER_SALT_LENGTH);
        // key_id = label || r (56 bits, r = 0) right-aligned in the 112-bit salt: the label is byte 7
        x[7] ^= (byte) label;
        return keystream(masterKey, x, length);
    }

    /** AES in counter mode (RFC 3711 section 4.1.1): blocks of E(k, iv + j), j = 0, 1, ... in the low 16 bits. */
    static byte[] keystream(byte[] key, byte[] iv, int length) {
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            int blocks = (length + 15) / 16;
            byte[] counters = new byte[blocks * 16];
            for (int j = 0; j < blocks; j++) {
                System.arraycopy(iv, 0, counters, j * 16, 14);
                counters[j * 16 + 14] = (byte) (j >>> 8);
                counters[j * 16 + 15] = (byte) j;
            }
            byte[] out = aes.doFinal(counters);
            byte[] result = new byte[length];
            System.arraycopy(out, 0, result, 0, length);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every Java runtime", e);
        }
    }
}
