package org.siprec.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SRTP against the RFC 3711 appendix B vectors and libsrtp's reference packet, then round trips. */
class SrtpStreamTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SrtpMasterKey RFC_MASTER = new SrtpMasterKey(HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139"),
            HEX.parseHex("0EC675AD498AFEEBB6960B3AABE6"));

    @Test
    void aesCounterModeKeystreamIsThatOfRfc3711AppendixB2() {
        byte[] ks = SessionKeys.keystream(HEX.parseHex("2B7E151628AED2A6ABF7158809CF4F3C"),
                HEX.parseHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), 48);
        assertEquals("E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB"
                + "41E95B3BB0A2E8DD477901E4FCA894C0", HEX.withUpperCase().formatHex(ks));
    }

    @Test
    void keyDerivationIsThatOfRfc3711AppendixB3() {
        SessionKeys keys = SessionKeys.derive(RFC_MASTER);
        assertEquals("C61E7A93744F39EE10734AFE3FF7A087", HEX.withUpperCase().formatHex(keys.cipherKey()));
        assertEquals("30CBBC08863D8C85D49DB34A9AE1", HEX.withUpperCase().formatHex(keys.salt()));
        assertEquals("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", HEX.withUpperCase().formatHex(keys.authKey()));
        // the 94-byte auth key of B.3 exercises several counter blocks
        assertEquals("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
                + "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
                + "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2",
                HEX.withUpperCase().formatHex(SessionKeys.derive(HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139"),
                        HEX.parseHex("0EC675AD498AFEEBB6960B3AABE6"), SessionKeys.LABEL_RTP_AUTHENTICATION, 94)));
    }

    /** libsrtp's srtp_validate packet (SSRC cafebabe, sequence 0x1234, RFC 3711 B.3 master key). */
    private static final String PLAIN = "800f1234decafbadcafebabe" + "ab".repeat(16);
    private static final String PROTECTED = "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb";

    @Test
    void protectsTheReferencePacketLikeLibsrtp() {
        ByteBuffer packet = buffer(PLAIN, 64);
        new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC_MASTER).protect(packet);
        assertEquals(PROTECTED, hex(packet));
    }

    @Test
    void unprotectsTheReferencePacketAndRefusesItTwice() {
        SrtpStream receiver = new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC_MASTER);
        ByteBuffer packet = buffer(PROTECTED, 64);
        assertEquals(SrtpStream.Verdict.OK, receiver.unprotect(packet));
        assertEquals(PLAIN, hex(packet));
        assertEquals(SrtpStream.Verdict.REPLAYED, receiver.unprotect(buffer(PROTECTED, 64)));
    }

    @Test
    void aTamperedOrWronglyKeyedPacketFailsAuthenticationAndIsLeftAsItWas() {
        byte[] bytes = HEX.parseHex(PROTECTED);
        bytes[20] ^= 1;
        ByteBuffer tampered = ByteBuffer.allocate(64).put(bytes).flip();
        assertEquals(SrtpStream.Verdict.AUTH_FAILED,
                new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC_MASTER).unprotect(tampered));
        assertArrayEquals(bytes, Arrays.copyOf(tampered.array(), tampered.limit()));
        SrtpMasterKey other = SrtpMasterKey.random(new SecureRandom());
        assertEquals(SrtpStream.Verdict.AUTH_FAILED,
                new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, other).unprotect(buffer(PROTECTED, 64)));
        assertEquals(SrtpStream.Verdict.TOO_SHORT,
                new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC_MASTER).unprotect(buffer("800f1234", 64)));
    }

    @Test
    void roundTripsAcrossASequenceNumberWrapWithBothTagLengths() {
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpMasterKey key = SrtpMasterKey.random(new SecureRandom());
            SrtpStream sender = new SrtpStream(profile, key);
            SrtpStream receiver = new SrtpStream(profile, key);
            byte[] first = null;
            for (int i = 0; i < 200; i++) {
                int seq = (65_500 + i) & 0xFFFF; // wraps after 36 packets: the ROC must follow on both sides
                byte[] rtp = rtp(seq, 0x11223344, i);
                ByteBuffer packet = ByteBuffer.allocate(256).put(rtp).flip();
                sender.protect(packet);
                assertEquals(rtp.length + profile.tagLength(), packet.remaining());
                assertFalse(Arrays.equals(Arrays.copyOfRange(rtp, 12, rtp.length),
                        Arrays.copyOfRange(packet.array(), 12, rtp.length)), "payload sent in clear");
                if (i == 100) {
                    first = Arrays.copyOf(packet.array(), packet.limit());
                }
                assertEquals(SrtpStream.Verdict.OK, receiver.unprotect(packet), profile + " packet " + i);
                assertArrayEquals(rtp, Arrays.copyOf(packet.array(), packet.limit()));
            }
            // a replay of an old packet (after the wrap, within the window) is refused
            assertEquals(SrtpStream.Verdict.REPLAYED, receiver.unprotect(ByteBuffer.wrap(first)));
        }
    }

    @Test
    void packetsOutOfOrderWithinTheWindowAreAccepted() {
        SrtpMasterKey key = SrtpMasterKey.random(new SecureRandom());
        SrtpStream sender = new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key);
        SrtpStream receiver = new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key);
        ByteBuffer[] sent = new ByteBuffer[10];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = ByteBuffer.allocate(256).put(rtp(1000 + i, 7, i)).flip();
            sender.protect(sent[i]);
        }
        for (int i : new int[] {0, 2, 1, 5, 3, 4, 9, 6, 8, 7}) {
            assertEquals(SrtpStream.Verdict.OK, receiver.unprotect(sent[i]), "packet " + i);
        }
    }

    @Test
    void aPacketWithoutRoomForTheTagIsRefused() {
        ByteBuffer full = ByteBuffer.allocate(28).put(HEX.parseHex(PLAIN)).flip();
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpStream(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC_MASTER).protect(full));
    }

    @Test
    void sdesLinesAreReadAndWritten() {
        SrtpMasterKey key = SrtpMasterKey.random(new SecureRandom());
        SdesCrypto crypto = new SdesCrypto(1, SrtpProfile.AES_CM_128_HMAC_SHA1_80, key);
        assertTrue(crypto.value().startsWith("1 AES_CM_128_HMAC_SHA1_80 inline:"));
        assertEquals(crypto, SdesCrypto.parse(crypto.value()));
        SdesCrypto rfc = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20");
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, rfc.profile());
        assertNotEquals(-1, crypto.toString().indexOf("AES"));
        assertFalse(crypto.toString().contains(key.base64()), "a key in a log line");
        for (String bad : new String[] {"", "1 AES_CM_128_HMAC_SHA1_80", "x AES_CM_128_HMAC_SHA1_80 inline:AAAA",
                "1 F8_128_HMAC_SHA1_80 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj",
                "1 AES_CM_128_HMAC_SHA1_80 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:4",
                "1 AES_CM_128_HMAC_SHA1_80 inline:AAAA",
                "1 AES_CM_128_HMAC_SHA1_80 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj UNENCRYPTED_SRTP"}) {
            assertThrows(IllegalArgumentException.class, () -> SdesCrypto.parse(bad), bad);
        }
        assertEquals("1 AES_CM_128_HMAC_SHA1_80 inline:<key>", SdesCrypto.redacted(crypto.value()));
    }

    private static byte[] rtp(int seq, int ssrc, int fill) {
        byte[] p = new byte[12 + 160];
        p[0] = (byte) 0x80;
        p[1] = 8;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[7] = (byte) fill;
        ByteBuffer.wrap(p).putInt(8, ssrc);
        Arrays.fill(p, 12, p.length, (byte) (0x55 + fill));
        return p;
    }

    private static ByteBuffer buffer(String hex, int capacity) {
        return ByteBuffer.allocate(capacity).put(HEX.parseHex(hex)).flip();
    }

    private static String hex(ByteBuffer b) {
        return HEX.formatHex(b.array(), b.position(), b.limit());
    }
}
