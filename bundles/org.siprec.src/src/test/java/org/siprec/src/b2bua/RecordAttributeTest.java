package org.siprec.src.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.siprec.src.recording.RecordingState;

/** The SDP editing of the recording indication: where a=record goes, what it replaces, the origin version. */
class RecordAttributeTest {
    private static final String SDP = "v=0\r\no=callee 2000 2000 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 20000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n";

    @Test
    void theAttributeGoesAtSessionLevelBeforeTheFirstMediaLine() {
        assertEquals("v=0\r\no=callee 2000 2000 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\na=record:on\r\n"
                + "m=audio 20000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n", RecordAttribute.ON.stamp(SDP, 0));
    }

    @Test
    void theOriginVersionIsRaisedByTheOffsetAndNothingElseOfTheOriginChanges() {
        String stamped = RecordAttribute.PAUSED.stamp(SDP, 3);
        assertEquals(2003, RecordAttribute.version(stamped));
        assertEquals("paused", RecordAttribute.valueIn(stamped));
        assertEquals(true, stamped.contains("o=callee 2000 2003 IN IP4 127.0.0.1\r\n"), stamped);
    }

    @Test
    void anExistingRecordAttributeAtAnyLevelIsReplacedAndOneIsLeft() {
        String withOld = SDP.replace("t=0 0\r\n", "t=0 0\r\na=record:on\r\n") + "a=record:paused\r\n";
        String stamped = RecordAttribute.OFF.stamp(withOld, 0);
        assertEquals(1, stamped.split("a=record:", -1).length - 1, stamped);
        assertEquals("off", RecordAttribute.valueIn(stamped));
    }

    @Test
    void bareLineFeedsBecomeCrLfAndABodyWithoutMediaGetsTheAttributeAtItsEnd() {
        assertEquals("v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\na=record:off\r\n", RecordAttribute.OFF.stamp("v=0\no=x 1 1 IN IP4 127.0.0.1\n", 0));
        assertEquals(-1, RecordAttribute.version("v=0\r\n"));
        assertNull(RecordAttribute.valueIn(SDP));
    }

    @Test
    void anUnreadableVersionIsLeftAsItCame() {
        String odd = SDP.replace("2000 2000", "2000 abc");
        assertEquals(true, RecordAttribute.ON.stamp(odd, 1).contains("o=callee 2000 abc IN IP4"));
    }

    @Test
    void eachRecordingStateTellsTheValueOfRfc7866() {
        assertEquals(RecordAttribute.ON, RecordAttribute.of(RecordingState.RECORDING));
        assertEquals(RecordAttribute.PAUSED, RecordAttribute.of(RecordingState.PAUSED));
        for (RecordingState s : new RecordingState[] {RecordingState.EVALUATING, RecordingState.ANNOUNCING,
                RecordingState.STARTING, RecordingState.SKIPPED, RecordingState.STOPPED, RecordingState.FAILED}) {
            assertEquals(RecordAttribute.OFF, RecordAttribute.of(s), s.name());
        }
    }
}
