package org.siprec.media.srtp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRTP for the packets of one direction of one stream (RFC 3711): {@link #protect(ByteBuffer)} encrypts an RTP
 * packet in place and appends the tag; {@link #unprotect(ByteBuffer)} checks the tag and the replay window, then
 * decrypts in place. The session keys are derived once from the master key; per SSRC (up to {@value #SSRCS}) the
 * stream keeps the rollover counter, highest sequence number and (receiving) a 64-packet replay window, so a sender
 * that changes SSRC gets a fresh index space without reusing keystream.
 *
 * <p>Not thread-safe: one instance per stream, used by one thread at a time (a selector loop). After construction
 * nothing is allocated per packet beyond what the JCE provider does internally.
 */
public final class SrtpStream {
    /** What {@link #unprotect(ByteBuffer)} found. */
    public enum Verdict {
        /** Authentic and new: the buffer now holds the RTP packet. */
        OK,
        /** Shorter than an RTP header plus the tag. */
        TOO_SHORT,
        /** The tag does not match: another key, or tampered with. Buffer unchanged. */
        AUTH_FAILED,
        /** Seen already, or older than the replay window. Buffer unchanged. */
        REPLAYED
    }

    private static final int SSRCS = 8;
    private static final int WINDOW = 64;
    private static final int RTP_HEADER = 12;

    private final SrtpProfile profile;
    private final byte[] sessionSalt;
    private final Cipher aes;
    private final Mac hmac;
    private final long[] ssrcs = new long[SSRCS];
    private final long[] highest = new long[SSRCS]; // highest index (ROC << 16 | SEQ) seen, -1 = none
    private final long[] windows = new long[SSRCS]; // bit i: highest - i was received
    private final long[] lastUse = new long[SSRCS];
    private long uses;
    private final byte[] iv = new byte[16];
    private final byte[] rocBytes = new byte[4];
    private final byte[] tag = new byte[20];
    private byte[] work = new byte[2048];
    private byte[] counters = new byte[2048];
    private byte[] keystream = new byte[2048];

    /** A stream keyed by {@code master} with the given suite. */
    public SrtpStream(SrtpProfile profile, SrtpMasterKey master) {
        this.profile = profile;
        SessionKeys keys = SessionKeys.derive(master);
        this.sessionSalt = keys.salt();
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.cipherKey(), "AES"));
            hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES and HmacSHA1 are part of every Java runtime", e);
        }
        java.util.Arrays.fill(highest, -1);
        java.util.Arrays.fill(ssrcs, -1);
    }

    /** A stream for the suite and key of an SDES line. */
    public SrtpStream(SdesCrypto crypto) {
        this(crypto.profile(), crypto.key());
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Encrypts the RTP packet between {@code packet}'s position and limit in place and appends the tag: the limit
     * grows by {@link SrtpProfile#tagLength()}.
     *
     * @throws IllegalArgumentException when the packet is not RTP or the buffer has no room for the tag
     */
    public void protect(ByteBuffer packet) {
        int start = packet.position();
        int n = packet.remaining();
        if (packet.limit() + profile.tagLength() > packet.capacity()) {
            throw new IllegalArgumentException("no room for the SRTP tag");
        }
        byte[] w = load(packet, start, n);
        int header = headerLength(w, n);
        if (header < 0) {
            throw new IllegalArgumentException("not an RTP packet");
        }
        int slot = slot(ssrc(w));
        int seq = sequence(w);
        long index = senderIndex(slot, seq);
        crypt(w, header, n, ssrc(w), index);
        authenticate(w, n, index >>> 16);
        packet.put(start, w, 0, n);
        packet.limit(packet.limit() + profile.tagLength());
        packet.put(start + n, tag, 0, profile.tagLength());
    }

    /**
     * Authenticates and decrypts the SRTP packet between {@code packet}'s position and limit in place. On
     * {@link Verdict#OK} the limit shrinks by the tag length and the bytes are the RTP packet; otherwise the buffer is
     * unchanged.
     */
    public Verdict unprotect(ByteBuffer packet) {
        int start = packet.position();
        int n = packet.remaining();
        int t = profile.tagLength();
        if (n < RTP_HEADER + t) {
            return Verdict.TOO_SHORT;
        }
        byte[] w = load(packet, start, n);
        int m = n - t;
        int header = headerLength(w, m);
        if (header < 0) {
            return Verdict.TOO_SHORT;
        }
        long ssrc = ssrc(w);
        int slot = slot(ssrc);
        int seq = sequence(w);
        long index = receiverIndex(slot, seq);
        if (replayed(slot, index)) {
            return Verdict.REPLAYED;
        }
        authenticate(w, m, index >>> 16);
        if (!tagMatches(w, m, t)) {
            return Verdict.AUTH_FAILED;
        }
        accept(slot, index);
        crypt(w, header, m, ssrc, index);
        packet.put(start + header, w, header, m - header); // the header is authenticated, not encrypted
        packet.limit(start + m);
        return Verdict.OK;
    }

    /** Compares in constant time (no early exit) so the time taken tells an attacker nothing. */
    private boolean tagMatches(byte[] w, int at, int t) {
        int diff = 0;
        for (int i = 0; i < t; i++) {
            diff |= tag[i] ^ w[at + i];
        }
        return diff == 0;
    }

    private byte[] load(ByteBuffer packet, int start, int n) {
        if (work.length < n) {
            work = new byte[n];
        }
        packet.get(start, work, 0, n);
        return work;
    }

    /** Fixed header + CSRCs + extension, or -1 when that does not fit in {@code n} bytes or the version is not 2. */
    private static int headerLength(byte[] w, int n) {
        if (n < RTP_HEADER || (w[0] & 0xC0) != 0x80) {
            return -1;
        }
        int length = RTP_HEADER + 4 * (w[0] & 0x0F);
        if ((w[0] & 0x10) != 0) {
            if (length + 4 > n) {
                return -1;
            }
            length += 4 + 4 * (((w[length + 2] & 0xFF) << 8) | (w[length + 3] & 0xFF));
        }
        return length <= n ? length : -1;
    }

    private static int sequence(byte[] w) {
        return ((w[2] & 0xFF) << 8) | (w[3] & 0xFF);
    }

    private static long ssrc(byte[] w) {
        return ((w[8] & 0xFFL) << 24) | ((w[9] & 0xFFL) << 16) | ((w[10] & 0xFFL) << 8) | (w[11] & 0xFFL);
    }

    /** The state slot of an SSRC: its own, else a free one, else the least recently used one (reset). */
    private int slot(long ssrc) {
        uses++;
        int victim = 0;
        for (int i = 0; i < SSRCS; i++) {
            if (ssrcs[i] == ssrc) {
                lastUse[i] = uses;
                return i;
            }
            if (lastUse[i] < lastUse[victim]) {
                victim = i;
            }
        }
        ssrcs[victim] = ssrc;
        highest[victim] = -1;
        windows[victim] = 0;
        lastUse[victim] = uses;
        return victim;
    }

    /** Sender: the packet index from the sequence number, counting a wrap when the sequence number goes round. */
    private long senderIndex(int slot, int seq) {
        long high = highest[slot];
        if (high < 0) {
            highest[slot] = seq;
            return seq;
        }
        long index = estimate(high, seq);
        if (index > high) {
            highest[slot] = index;
        }
        return index;
    }

    /** RFC 3711 section 3.3.1 and appendix A: the index closest to the highest seen. */
    private static long estimate(long high, int seq) {
        long roc = high >>> 16;
        int sl = (int) (high & 0xFFFF);
        long v;
        if (sl < 0x8000) {
            v = seq - sl > 0x8000 && roc > 0 ? roc - 1 : roc;
        } else {
            v = sl - 0x8000 > seq ? roc + 1 : roc;
        }
        return (v << 16) | seq;
    }

    private long receiverIndex(int slot, int seq) {
        long high = highest[slot];
        return high < 0 ? seq : estimate(high, seq);
    }

    private boolean replayed(int slot, long index) {
        long high = highest[slot];
        if (high < 0 || index > high) {
            return false;
        }
        long delta = high - index;
        return delta >= WINDOW || (windows[slot] & (1L << delta)) != 0;
    }

    private void accept(int slot, long index) {
        long high = highest[slot];
        if (high < 0) {
            highest[slot] = index;
            windows[slot] = 1;
        } else if (index > high) {
            long shift = index - high;
            windows[slot] = shift >= WINDOW ? 1 : (windows[slot] << shift) | 1;
            highest[slot] = index;
        } else {
            windows[slot] |= 1L << (high - index);
        }
    }

    /** XORs the AES-CM keystream over bytes [from, to) of {@code w} (RFC 3711 section 4.1.1). */
    private void crypt(byte[] w, int from, int to, long ssrc, long index) {
        int length = to - from;
        if (length <= 0) {
            return;
        }
        System.arraycopy(sessionSalt, 0, iv, 0, SrtpProfile.MASTER_SALT_LENGTH);
        iv[14] = 0;
        iv[15] = 0;
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        int blocks = (length + 15) / 16;
        if (counters.length < blocks * 16) {
            counters = new byte[blocks * 16];
            keystream = new byte[blocks * 16];
        }
        for (int j = 0; j < blocks; j++) {
            System.arraycopy(iv, 0, counters, j * 16, 14);
            counters[j * 16 + 14] = (byte) (j >>> 8);
            counters[j * 16 + 15] = (byte) j;
        }
        try {
            aes.update(counters, 0, blocks * 16, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < length; i++) {
            w[from + i] ^= keystream[i];
        }
    }

    /** HMAC-SHA1 over the authenticated portion and the ROC (RFC 3711 section 4.2), into {@link #tag}. */
    private void authenticate(byte[] w, int n, long roc) {
        rocBytes[0] = (byte) (roc >>> 24);
        rocBytes[1] = (byte) (roc >>> 16);
        rocBytes[2] = (byte) (roc >>> 8);
        rocBytes[3] = (byte) roc;
        hmac.update(w, 0, n);
        hmac.update(rocBytes);
        try {
            hmac.doFinal(tag, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
