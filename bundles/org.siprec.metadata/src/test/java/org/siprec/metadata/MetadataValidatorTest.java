package org.siprec.metadata;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MetadataValidatorTest {

    @Test
    void schemaIsAvailableAtRunTime() throws Exception {
        assertNotNull(MetadataValidator.schemaUrl());
        try (InputStream in = MetadataValidator.class.getResourceAsStream(MetadataFormat.SCHEMA_RESOURCE)) {
            assertNotNull(in);
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .contains("targetNamespace=\"urn:ietf:params:xml:ns:recording:1\""));
        }
    }

    @Test
    void rfcStyleDocumentWithExtensionsIsValid() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <recording xmlns='urn:ietf:params:xml:ns:recording:1'>
                  <datamode>complete</datamode>
                  <group group_id="7+OTCyoxTmqmqyA/1weDAg==">
                    <associate-time>2010-12-16T23:41:07Z</associate-time>
                    <call-center xmlns='urn:ietf:params:xml:ns:callcenter'><supervisor>sip:alice@atlanta.com</supervisor></call-center>
                  </group>
                  <session session_id="hVpd7YQgRW2nD22h7q60JQ==">
                    <sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2</sipSessionID>
                    <group-ref>7+OTCyoxTmqmqyA/1weDAg==</group-ref>
                  </session>
                  <participant participant_id="srfBElmCRp2QB23b7Mpk0w==">
                    <nameID aor="sip:bob@biloxi.com"><name xml:lang="it">Bob</name></nameID>
                  </participant>
                  <stream stream_id="UAAMm5GRQKSCMVvLyl4rFw==" session_id="hVpd7YQgRW2nD22h7q60JQ=="><label>96</label></stream>
                  <participantsessionassoc participant_id="srfBElmCRp2QB23b7Mpk0w==" session_id="hVpd7YQgRW2nD22h7q60JQ==">
                    <associate-time>2010-12-16T23:41:07Z</associate-time>
                  </participantsessionassoc>
                  <participantstreamassoc participant_id="srfBElmCRp2QB23b7Mpk0w==">
                    <send>UAAMm5GRQKSCMVvLyl4rFw==</send>
                  </participantstreamassoc>
                </recording>
                """;
        new MetadataValidator().validate(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void violationsNameTheProblemAndLine() throws Exception {
        MetadataValidator v = new MetadataValidator();
        String missingId = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'>\n"
                + "<participant><nameID aor='sip:a@example.com'/></participant></recording>";
        MetadataException e = assertThrows(MetadataException.class,
                () -> v.validate(missingId.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("participant_id"), e.getMessage());

        String badTime = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><group group_id='YQ=='>"
                + "<associate-time>2010-12-16 23:41</associate-time></group></recording>";
        assertThrows(MetadataException.class, () -> v.validate(badTime.getBytes(StandardCharsets.UTF_8)));

        String badLang = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><participant participant_id='YQ=='>"
                + "<nameID aor='sip:a@example.com'><name xml:lang='not a language'>A</name></nameID></participant></recording>";
        assertThrows(MetadataException.class, () -> v.validate(badLang.getBytes(StandardCharsets.UTF_8)),
                "xml:lang is checked with the bundled xml.xsd");

        String wrongOrder = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><stream stream_id='YQ==' session_id='YQ=='>"
                + "<label>1</label></stream><datamode>complete</datamode></recording>";
        assertThrows(MetadataException.class, () -> v.validate(wrongOrder.getBytes(StandardCharsets.UTF_8)),
                "the schema fixes the order; the reader does not care");

        String legacy = "<recording xmlns='urn:ietf:params:xml:ns:recording'><datamode>complete</datamode></recording>";
        assertThrows(MetadataException.class, () -> v.validate(legacy.getBytes(StandardCharsets.UTF_8)),
                "the draft namespace is read, but it is not RFC 7865");
    }
}
