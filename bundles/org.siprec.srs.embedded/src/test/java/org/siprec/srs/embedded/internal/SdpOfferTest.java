package org.siprec.srs.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.srs.embedded.internal.SdpOffer.Kind;
import org.siprec.srs.embedded.internal.SdpOffer.Plan;

/** An SRC's offer read through the shared SDP reader, the SRS's decisions, and its answer written by SdpBuilder. */
class SdpOfferTest {
    private static final String OFFER = String.join("\r\n",
            "v=0", "o=src 1 1 IN IP4 192.0.2.1", "s=SIPREC", "c=IN IP4 192.0.2.1", "t=0 0",
            "m=audio 4000 RTP/AVP 8 101", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=label:1", "a=sendonly",
            "m=audio 4002 RTP/AVP 96", "a=rtpmap:96 pcmu/8000", "a=label:2", "a=sendonly",
            "m=audio 4004 RTP/AVP 18", "a=label:3", "a=sendonly",
            "m=audio 0 RTP/AVP 0", "a=label:4",
            "m=audio 4008 RTP/SAVP 0", "a=label:5", "a=sendonly",
            "m=audio 4010 RTP/AVP 0", "a=inactive", "");

    @Test
    void eachOfferedStreamIsRecordedStoredRawOrRejected() throws Exception {
        List<Plan> plans = SdpOffer.parse(OFFER).stream().map(SdpOffer::plan).toList();
        assertEquals(List.of(Kind.PCM, Kind.PCM, Kind.RAW, Kind.REJECTED, Kind.REJECTED, Kind.PCM),
                plans.stream().map(Plan::kind).toList());
        assertEquals(List.of("8", "101"), plans.get(0).formats(), "G.711 plus the telephone-event offered");
        assertTrue(plans.get(0).alaw());
        assertEquals("PCMU", plans.get(1).codec(), "a dynamic type found by its rtpmap, any case");
        assertEquals("G729", plans.get(2).codec(), "a static type without rtpmap");
        assertEquals(List.of("1", "2", "3", "4", "5", "5"), plans.stream().map(p -> p.offered().label()).toList());
    }

    @Test
    void theAnswerReceivesOnOurPortsWithTheOfferedLabels() throws Exception {
        List<Plan> plans = SdpOffer.parse(OFFER).stream().map(SdpOffer::plan).toList();
        String answer = SdpOffer.answer("127.0.0.1", 42, 7, plans, new int[] {30000, 30002, 30004, 0, 0, 30010});
        assertTrue(answer.startsWith("v=0\r\no=siprec-srs 42 7 IN IP4 127.0.0.1\r\ns=siprec-srs\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"), answer);
        assertTrue(answer.contains("m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\na=label:1\r\na=recvonly\r\n"), answer);
        assertTrue(answer.contains("m=audio 30002 RTP/AVP 96\r\na=rtpmap:96 pcmu/8000\r\na=label:2\r\na=recvonly\r\n"), answer);
        assertTrue(answer.contains("m=audio 30004 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\na=label:3\r\na=recvonly\r\n"), answer);
        assertTrue(answer.contains("m=audio 0 RTP/AVP 0\r\na=label:4\r\na=inactive\r\n"), answer);
        assertTrue(answer.contains("m=audio 0 RTP/SAVP 0\r\na=label:5\r\na=inactive\r\n"), answer);
        assertTrue(answer.endsWith("m=audio 30010 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=label:5\r\na=inactive\r\n"),
                "an inactive offer is answered inactive: " + answer);
    }

    @Test
    void garbageIsRefused() {
        assertThrows(InvalidSdpException.class, () -> SdpOffer.parse("not sdp"));
    }
}
