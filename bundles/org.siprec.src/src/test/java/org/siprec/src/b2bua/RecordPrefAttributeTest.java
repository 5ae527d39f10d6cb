package org.siprec.src.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.siprec.api.model.RecordingPreference;

class RecordPrefAttributeTest {
    private static RecordingPreference of(String sdp) {
        return RecordPrefAttribute.of(sdp.getBytes(StandardCharsets.UTF_8), "test");
    }

    private static final String HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";

    @Test
    void noAttributeOrNoBodyIsNoPreference() {
        assertEquals(RecordingPreference.NOPREFERENCE, of(HEAD + "m=audio 4000 RTP/AVP 8\r\n"));
        assertEquals(RecordingPreference.NOPREFERENCE, RecordPrefAttribute.of(null, "test"));
    }

    @Test
    void sessionAndMediaLevelAreRead() {
        assertEquals(RecordingPreference.OFF, of(HEAD + "a=recordpref:off\r\nm=audio 4000 RTP/AVP 8\r\n"));
        assertEquals(RecordingPreference.PAUSE, of(HEAD + "m=audio 4000 RTP/AVP 8\na=recordpref:PAUSE\n"));
        assertEquals(RecordingPreference.ON, of(HEAD + "m=audio 4000 RTP/AVP 8\r\na=recordpref:on\r\n"));
    }

    @Test
    void theStrongestWishAgainstRecordingWinsAndUnknownValuesAreIgnored() {
        assertEquals(RecordingPreference.OFF, of(HEAD + "a=recordpref:on\r\nm=audio 4000 RTP/AVP 8\r\na=recordpref:off\r\n"));
        assertEquals(RecordingPreference.PAUSE, of(HEAD + "a=recordpref:pause\r\nm=audio 4000 RTP/AVP 8\r\na=recordpref:on\r\n"));
        assertEquals(RecordingPreference.NOPREFERENCE, of(HEAD + "a=recordpref:maybe\r\nm=audio 4000 RTP/AVP 8\r\n"));
    }
}
