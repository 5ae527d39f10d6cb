package org.siprec.portal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBasicHeaderGivesUserAndPasswordWhichMayHoldColons() {
        Credentials c = Credentials.ofBasic(basic("karaf:pa:ss wörd")).orElseThrow();
        assertEquals("karaf", c.user());
        assertArrayEquals("pa:ss wörd".toCharArray(), c.password());
        assertEquals("karaf", Credentials.ofBasic("basic  " + basic("karaf:x").substring(6)).orElseThrow().user());
    }

    @Test
    void thePasswordIsNeverInItsTextForm() {
        String text = Credentials.ofBasic(basic("karaf:secret-pw")).orElseThrow().toString();
        assertFalse(text.contains("secret-pw"), text);
        assertTrue(text.contains("karaf"), text);
    }

    @Test
    void otherHeadersGiveNoCredentials() {
        assertTrue(Credentials.ofBasic(null).isEmpty());
        assertTrue(Credentials.ofBasic("Bearer abc").isEmpty());
        assertTrue(Credentials.ofBasic("Basic !!!not-base64").isEmpty());
        assertTrue(Credentials.ofBasic(basic("no-colon")).isEmpty());
        assertTrue(Credentials.ofBasic(basic(":password-without-user")).isEmpty());
    }
}
