package org.siprec.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.siprec.media.rtp.RtpPacket.Verdict;

class RtpPacketTest {
    private static ByteBuffer hex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @Test
    void readsTheFixedHeader() {
        // V=2, M=1, PT=8 (PCMA), seq 0xBEEF, ts 0xDEADBEEF, SSRC 0xCAFEBABE, 4 bytes of payload
        ByteBuffer buffer = hex("80 88 BEEF DEADBEEF CAFEBABE D5D5D5D5");
        RtpPacket rtp = new RtpPacket();
        assertEquals(Verdict.RTP, rtp.parse(buffer));
        assertTrue(rtp.valid());
        assertEquals(2, rtp.version());
        assertFalse(rtp.padding());
        assertFalse(rtp.extension());
        assertEquals(0, rtp.csrcCount());
        assertTrue(rtp.marker());
        assertEquals(8, rtp.payloadType());
        assertEquals(0xBEEF, rtp.sequenceNumber());
        assertEquals(0xDEADBEEFL, rtp.timestamp());
        assertEquals(0xCAFEBABEL, rtp.ssrc());
        assertEquals(16, rtp.length());
        assertEquals(12, rtp.headerLength());
        assertEquals(12, rtp.payloadOffset());
        assertEquals(4, rtp.payloadLength());
        assertEquals(0, rtp.paddingLength());
        assertEquals(-1, rtp.extensionProfile());
        assertEquals(0, rtp.extensionLength());
        assertEquals(0, buffer.position(), "the buffer is not moved");
        assertEquals(16, buffer.limit());
    }

    @Test
    void skipsCsrcsAndTheHeaderExtensionAndStripsPadding() {
        // CC=2, X=1, P=1; extension profile 0xBEDE with 1 word; payload 3 bytes; padding 3 (count byte included)
        ByteBuffer buffer = hex("B2 00 0001 00000002 00000003 11111111 22222222 BEDE0001 AABBCCDD 010203 000003");
        RtpPacket rtp = new RtpPacket();
        assertEquals(Verdict.RTP, rtp.parse(buffer));
        assertEquals(2, rtp.csrcCount());
        assertEquals(0x11111111L, rtp.csrc(0));
        assertEquals(0x22222222L, rtp.csrc(1));
        assertThrows(IndexOutOfBoundsException.class, () -> rtp.csrc(2));
        assertTrue(rtp.extension());
        assertEquals(0xBEDE, rtp.extensionProfile());
        assertEquals(4, rtp.extensionLength());
        assertTrue(rtp.padding());
        assertEquals(3, rtp.paddingLength());
        assertEquals(12 + 8 + 4 + 4, rtp.headerLength());
        assertEquals(3, rtp.payloadLength());
        assertEquals(1, buffer.get(rtp.payloadOffset()));
        assertEquals(3, buffer.get(rtp.payloadOffset() + 2));
        assertFalse(rtp.marker());
        assertEquals(0, rtp.payloadType());
    }

    @Test
    void offsetsAreAbsoluteInTheBufferAndTheViewDoesNotCopy() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        buffer.put(new byte[] {9, 9, 9, 9, 9});
        int start = buffer.position();
        RtpPacket.writeHeader(buffer, false, 0, 7, 160, 0x01020304L);
        buffer.put(new byte[] {(byte) 0xFF, (byte) 0xFE});
        buffer.flip().position(start);
        RtpPacket rtp = new RtpPacket();
        assertEquals(Verdict.RTP, rtp.parse(buffer));
        assertEquals(start + 12, rtp.payloadOffset());
        assertEquals(2, rtp.payloadLength());
        buffer.put(start + 3, (byte) 8); // the view reads the buffer as it is now
        assertEquals(8, rtp.sequenceNumber());
        assertEquals(start, buffer.position());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', TOO_SHORT",
        "80, TOO_SHORT",
        "80 00 0001 00000000 000000, TOO_SHORT", // 11 bytes
        "40 00 0001 00000000 00000000, NOT_VERSION_2", // version 1
        "00 00 0001 00000000 00000000, NOT_VERSION_2", // version 0
        "C0 00 0001 00000000 00000000, NOT_VERSION_2", // version 3
        "81 00 0001 00000000 00000000, HEADER_OVERRUN", // one CSRC announced, none there
        "8F 00 0001 00000000 00000000 00000000, HEADER_OVERRUN", // 15 CSRCs announced
        "90 00 0001 00000000 00000000 BEDE, HEADER_OVERRUN", // extension header cut
        "90 00 0001 00000000 00000000 BEDE0002 00000000, HEADER_OVERRUN", // extension says 2 words, 1 there
        "A0 00 0001 00000000 00000000 AABB00, BAD_PADDING", // padding count 0
        "A0 00 0001 00000000 00000000 AABB04, BAD_PADDING", // 4 bytes of padding, 3 after the header
        "A0 00 0001 00000000 00000000 AABB03, RTP", // all the payload is padding
        "80 00 0001 00000000 00000000, RTP", // header only, empty payload
        "80 C8 0006 00000001, RTCP", // sender report type 200 seen as M + PT 72
        "80 CC 0002 00000001, RTCP", // APP 204 = M + PT 76
        "80 C0 0001 00000001, RTCP", // 192, first of the RFC 5761 range
        "80 DF 0001 00000001, RTCP", // 223, last of the range
        "80 C9 0001 000000, TOO_SHORT", // 7-byte receiver report
        "80 48 0001 00000000 00000000, RTP", // PT 72 without marker: RTP (octet 72, not an RTCP type)
        "80 E0 0001 00000000 00000000, RTP", // 224: M + PT 96, dynamic payload type
        "80 BF 0001 00000000 00000000, RTP", // 191: M + PT 63
    })
    void classifies(String hex, Verdict expected) {
        ByteBuffer buffer = hex(hex);
        assertEquals(expected, RtpPacket.check(buffer));
        RtpPacket rtp = new RtpPacket();
        assertEquals(expected, rtp.parse(buffer));
        assertEquals(expected == Verdict.RTP, rtp.valid());
        assertEquals(expected.wellFormed(), expected == Verdict.RTP || expected == Verdict.RTCP);
    }

    @Test
    void isRtcpFollowsRfc5761() {
        assertTrue(RtpPacket.isRtcp(hex("80 C8")));
        assertTrue(RtpPacket.isRtcp(hex("81 C9 0007")));
        assertFalse(RtpPacket.isRtcp(hex("80 48")));
        assertFalse(RtpPacket.isRtcp(hex("00 C8")), "version 0");
        assertFalse(RtpPacket.isRtcp(hex("80")));
    }

    @Test
    void afterAFailedParseTheFieldsAreNotReadable() {
        RtpPacket rtp = new RtpPacket();
        assertThrows(IllegalStateException.class, rtp::payloadType, "nothing parsed yet");
        assertEquals(Verdict.RTP, rtp.parse(hex("80 00 0001 00000000 00000000")));
        assertEquals(Verdict.NOT_VERSION_2, rtp.parse(hex("00 00 0001 00000000 00000000")));
        assertFalse(rtp.valid());
        assertThrows(IllegalStateException.class, rtp::ssrc, "the previous packet's fields are gone");
        assertEquals("RTP (none)", rtp.toString());
    }

    @Test
    void writesAHeaderThatReadsBack() {
        ByteBuffer out = ByteBuffer.allocate(12 + 160);
        RtpPacket.writeHeader(out, true, 0, 0xFFFF, 0xFFFF_FFF0L, 0x8000_0001L);
        assertEquals(12, out.position());
        assertArrayEquals(HexFormat.of().parseHex("8080FFFFFFFFFFF080000001"), Arrays.copyOf(out.array(), 12));
        G711.MU_LAW.encode(new short[160], 0, 160, out);
        out.flip();
        RtpPacket rtp = new RtpPacket();
        assertEquals(Verdict.RTP, rtp.parse(out));
        assertTrue(rtp.marker());
        assertEquals(0, rtp.payloadType());
        assertEquals(0xFFFF, rtp.sequenceNumber());
        assertEquals(0xFFFF_FFF0L, rtp.timestamp());
        assertEquals(0x8000_0001L, rtp.ssrc());
        assertEquals(160, rtp.payloadLength());
        assertEquals((byte) 0xFF, out.get(rtp.payloadOffset()), "µ-law silence");
        assertEquals("RTP PT=0 seq=65535 ts=4294967280 ssrc=80000001 M payload=160", rtp.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 128, 255})
    void refusesToWriteAnImpossiblePayloadType(int payloadType) {
        assertThrows(IllegalArgumentException.class,
                () -> RtpPacket.writeHeader(ByteBuffer.allocate(12), false, payloadType, 0, 0, 0));
    }

    @Test
    void rewritesTheSsrcInPlace() {
        ByteBuffer packet = hex("00 80 88 BEEF DEADBEEF CAFEBABE D5D5");
        packet.position(1);
        RtpPacket.writeSsrc(packet, 0x01020304L);
        assertEquals("008088beefdeadbeef01020304d5d5", HexFormat.of().formatHex(packet.array()));
        assertEquals(1, packet.position());
        assertThrows(IndexOutOfBoundsException.class, () -> RtpPacket.writeSsrc(hex("80 00 0001 00000000"), 1));
    }

    @Test
    void randomBytesNeverBreakTheParserAndAnRtpVerdictAddsUp() {
        Random random = new Random(20261202);
        RtpPacket rtp = new RtpPacket();
        int rtpSeen = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (0x80 | (bytes[0] & 0x3F)); // version 2, so that the deeper checks are reached
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            Verdict verdict = rtp.parse(buffer);
            assertEquals(verdict, RtpPacket.check(buffer));
            if (verdict == Verdict.RTP) {
                rtpSeen++;
                assertEquals(bytes.length, rtp.headerLength() + rtp.payloadLength() + rtp.paddingLength());
                assertTrue(rtp.payloadLength() >= 0);
                assertTrue(rtp.payloadOffset() <= bytes.length);
            }
        }
        assertTrue(rtpSeen > 1000, "the generator reaches valid packets too: " + rtpSeen);
    }
}
