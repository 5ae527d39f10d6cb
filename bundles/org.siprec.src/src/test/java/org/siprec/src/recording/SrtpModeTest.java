package org.siprec.src.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-SRS SRTP setting read from the SRS URI, and the answer's crypto lines. */
class SrtpModeTest {
    @Test
    void theModeComesFromTheSrsUriAndAnUnknownValueFailsClosed() {
        assertEquals(SrtpMode.OFF, SrtpMode.of("sip:srs@10.0.0.5:5070"));
        assertEquals(SrtpMode.OFF, SrtpMode.of("sip:srs@10.0.0.5:5070;srtp=off"));
        assertEquals(SrtpMode.OFFER, SrtpMode.of("sip:srs@10.0.0.5:5070;transport=tcp;srtp=offer"));
        assertEquals(SrtpMode.REQUIRE, SrtpMode.of("sips:srs@10.0.0.5;SRTP=Require;transport=tls"));
        assertEquals(SrtpMode.REQUIRE, SrtpMode.of("sip:srs@10.0.0.5;srtp=maybe"), "a typo must not send clear media");
    }

    @Test
    void anAnswerAcceptsTheOfferedKeyWithTagOneAndTheSameSuite() {
        String answer = String.join("\r\n", "v=0", "o=srs 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
                "m=audio 4000 RTP/SAVP 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
                "m=audio 4002 RTP/SAVP 8", "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
                "m=audio 4004 RTP/SAVP 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
                "m=audio 4006 RTP/AVP 8", "");
        List<List<String>> crypto = SrtpMode.cryptoByMediaLine(answer);
        assertEquals(4, crypto.size());
        assertTrue(SrtpMode.accepts(crypto.get(0)));
        assertFalse(SrtpMode.accepts(crypto.get(1)), "a tag that was not offered");
        assertFalse(SrtpMode.accepts(crypto.get(2)), "another suite than offered");
        assertFalse(SrtpMode.accepts(crypto.get(3)), "no crypto");
    }
}
