package org.siprec.metadata;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DOCTYPEs, entities and external resources are refused; malformed XML gives a MetadataException, nothing else. */
class HostileXmlTest {
    private static MetadataValidator validator;
    private final MetadataReader reader = new MetadataReader();

    @TempDir
    Path dir;

    @BeforeAll
    static void schema() throws MetadataException {
        validator = new MetadataValidator();
    }

    @Test
    void xxeFileReadIsRefusedWithoutReadingTheFile() throws Exception {
        String secret = "TOP-SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE recording [<!ENTITY xxe SYSTEM \"" + file.toUri() + "\">]>\n"
                + "<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"><datamode>complete</datamode>"
                + "<participant participant_id=\"srfBElmCRp2QB23b7Mpk0w==\"><nameID aor=\"sip:a@example.com\">"
                + "<name>&xxe;</name></nameID></participant></recording>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);

        MetadataException e = assertThrows(MetadataException.class, () -> reader.read(bytes));
        assertRefusedDoctype(e, secret);
        MetadataException v = assertThrows(MetadataException.class, () -> validator.validate(bytes));
        assertRefusedDoctype(v, secret);
    }

    @Test
    void externalEntitiesAndDtdsAreNeverFetched() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/evil";
            String[] documents = {
                "<!DOCTYPE recording SYSTEM \"" + url + ".dtd\"><recording/>",
                "<!DOCTYPE recording [<!ENTITY % p SYSTEM \"" + url + ".ent\"> %p;]><recording/>",
                "<!DOCTYPE recording [<!ENTITY x SYSTEM \"" + url + ".xml\">]><recording>&x;</recording>",
                "<recording xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"" + url + "\"/></recording>",
                "<recording xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                        + "xsi:schemaLocation=\"urn:ietf:params:xml:ns:recording:1 " + url + ".xsd\"/>",
            };
            // a parser that fetched would block on the silent server: fail instead of hanging
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (String xml : documents) {
                    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
                    if (xml.startsWith("<!DOCTYPE")) {
                        assertRefusedDoctype(assertThrows(MetadataException.class, () -> reader.read(bytes)), null);
                        assertRefusedDoctype(assertThrows(MetadataException.class, () -> validator.validate(bytes)),
                                null);
                    } else {
                        reader.read(bytes); // harmless: the XInclude / schemaLocation are ignored
                        assertThrows(MetadataException.class, () -> validator.validate(bytes)); // not valid, not fetched
                    }
                }
            });
            server.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, server::accept, "nothing may connect to " + url);
        }
    }

    @Test
    void billionLaughsIsRefusedAtOnce() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE recording [\n"
                + " <!ENTITY lol \"lol\">\n");
        dtd.append(" <!ENTITY lol1 \"").append("&lol;".repeat(10)).append("\">\n");
        for (int i = 2; i <= 9; i++) {
            dtd.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        dtd.append("]>\n<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"><datamode>&lol9;</datamode></recording>");
        byte[] bytes = dtd.toString().getBytes(StandardCharsets.UTF_8);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertRefusedDoctype(assertThrows(MetadataException.class, () -> reader.read(bytes)), "lollol");
            assertRefusedDoctype(assertThrows(MetadataException.class, () -> validator.validate(bytes)), "lollol");
        });
    }

    @Test
    void anyDoctypeIsRefused() {
        MetadataException e = assertThrows(MetadataException.class,
                () -> reader.read("<!DOCTYPE recording><recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"/>"));
        assertRefusedDoctype(e, null);
    }

    @Test
    void undeclaredEntityIsRefused() {
        MetadataException e = assertThrows(MetadataException.class,
                () -> reader.read("<recording><datamode>&oops;</datamode></recording>"));
        assertTrue(e.getMessage().contains("oops"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        " ",
        "not xml at all",
        "<recording>",
        "<recording></recordin>",
        "<recording><session session_id='a'></recording>",
        "<recording/><recording/>",
        "<recording a='1' a='2'/>",
        "<recording><datamode>sometimes</datamode></recording>",
        "<recording><group group_id='YQ=='><associate-time>yesterday</associate-time></group></recording>",
        "<recordings xmlns='urn:ietf:params:xml:ns:recording:1'/>",
        "<?xml version='1.0' encoding='UTF-8'?><recording>\u0000</recording>",
        "<x:recording/>",
        "\uFEFF\uFEFF<recording/>",
    })
    void malformedXmlGivesAMetadataException(String xml) {
        MetadataException e = assertThrows(MetadataException.class, () -> reader.read(xml));
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().isBlank());
        MetadataException b = assertThrows(MetadataException.class,
                () -> reader.read(xml.getBytes(StandardCharsets.UTF_8)));
        assertNotNull(b.getMessage());
    }

    @Test
    void invalidBytesGiveAMetadataException() {
        byte[] notUtf8 = {'<', 'r', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'r', '>'};
        assertThrows(MetadataException.class, () -> reader.read(notUtf8));
        assertThrows(MetadataException.class, () -> reader.read((byte[]) null));
        assertThrows(MetadataException.class, () -> reader.read(new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        }));
    }

    @Test
    void absurdNestingIsRefused() {
        String xml = "<recording>" + "<x>".repeat(5000) + "</x>".repeat(5000) + "</recording>";
        MetadataException e = assertThrows(MetadataException.class, () -> reader.read(xml));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    private static void assertRefusedDoctype(MetadataException e, String mustNotAppear) {
        String m = e.getMessage();
        assertTrue(m.contains("DOCTYPE") || m.toLowerCase().contains("entit"), m);
        if (mustNotAppear != null) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(mustNotAppear), "leaked: " + t);
            }
        }
    }
}
