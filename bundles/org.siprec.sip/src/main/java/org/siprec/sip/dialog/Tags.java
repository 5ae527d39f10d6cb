package org.siprec.sip.dialog;

import java.util.concurrent.ThreadLocalRandom;

/** Random tokens for tags and branches (RFC 3261 19.3: at least 32 bits of randomness). */
public final class Tags {
    private Tags() {
    }

    /** {@code bytes} random bytes as lower-case hex. */
    public static String random(int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < bytes; i++) {
            int b = random.nextInt(256);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }
}
