package org.siprec.metadata;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetadataWriterTest {
    private static final Pattern TIME = Pattern.compile("<(?:associate|disassociate|start|stop)-time>([^<]*)<");

    private static MetadataValidator validator;
    private final MetadataWriter writer = new MetadataWriter();

    @BeforeAll
    static void schema() throws MetadataException {
        validator = new MetadataValidator();
    }

    @Test
    void completeSnapshotIsValidAgainstTheXsd() throws Exception {
        byte[] xml = writer.write(Fixtures.call());
        validator.validate(xml);
        String s = new String(xml, StandardCharsets.UTF_8);
        assertTrue(s.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), s);
        assertTrue(s.contains("<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\">"), s);
        assertTrue(s.contains("<datamode>complete</datamode>"), s);
        assertTrue(s.contains("<name xml:lang=\"en\">Alice</name>"), s);
        assertTrue(s.contains("<sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote="), s);
        assertTrue(s.contains("<send>UAAMm5GRQKSCMVvLyl4rFw==</send>"), s);
        assertTrue(s.contains("<associate-time>2010-12-16T23:41:07Z</associate-time>"), s);
    }

    @Test
    void compactOutputIsValidToo() throws Exception {
        byte[] xml = new MetadataWriter(false).write(Fixtures.call());
        validator.validate(xml);
        assertFalse(new String(xml, StandardCharsets.UTF_8).contains("\n"));
    }

    @Test
    void partialUpdateHoldsOnlyTheChangesAndIsValid() throws Exception {
        RecordingMetadata before = Fixtures.call();
        MetadataId newStream = MetadataId.of("EiXGlc+4TruqqoDaNE76ag==");
        RecordingMetadata after = before.toBuilder()
                .stream(Stream.of(newStream, Fixtures.SESSION, "98"))
                .participantStreamAssoc(ParticipantStreamAssoc.of(Fixtures.BOB, List.of(newStream), List.of(),
                        Fixtures.LATER))
                .build();
        // Alice stops sending her stream (e.g. the stream was removed by a re-INVITE)
        after = replaceAliceStreamAssoc(after, before.participantStreamAssocs().get(0)
                .withDisassociateTime(Fixtures.LATER));

        byte[] xml = writer.writeUpdate(before, after);
        validator.validate(xml);
        String s = new String(xml, StandardCharsets.UTF_8);
        assertTrue(s.contains("<datamode>partial</datamode>"), s);
        assertTrue(s.contains("<disassociate-time>2010-12-16T23:45:12.250Z</disassociate-time>"), s);
        assertTrue(s.contains("<label>98</label>"), s);
        assertFalse(s.contains("<participant "), "unchanged participants are not repeated: " + s);
        assertFalse(s.contains("<session "), s);
        assertFalse(s.contains("<label>96</label>"), s);
        assertEquals(2, count(s, "<participantstreamassoc "), s);

        RecordingMetadata partial = new MetadataReader().read(xml);
        assertEquals(DataMode.PARTIAL, partial.dataMode());
        assertEquals(after, before.apply(partial), "the SRS rebuilds the sender's snapshot");
    }

    @Test
    void unchangedSnapshotGivesAnEmptyPartialUpdate() throws Exception {
        RecordingMetadata none = Fixtures.call().changesSince(Fixtures.call());
        assertTrue(none.isEmpty());
        validator.validate(writer.write(none));
    }

    @Test
    void timesAreValidXsDateTimeInUtc() throws Exception {
        RecordingMetadata m = Fixtures.call().toBuilder()
                .group(Group.of(MetadataId.random(), Instant.parse("2024-02-29T12:00:00.123456789Z"))
                        .withDisassociateTime(Instant.ofEpochSecond(0)))
                .build();
        String s = writer.writeString(m);
        Matcher matcher = TIME.matcher(s);
        DatatypeFactory types = DatatypeFactory.newInstance();
        int n = 0;
        while (matcher.find()) {
            String text = matcher.group(1);
            assertTrue(text.endsWith("Z"), text);
            XMLGregorianCalendar c = assertDoesNotThrow(() -> types.newXMLGregorianCalendar(text), text);
            assertEquals("dateTime", c.getXMLSchemaType().getLocalPart(), text);
            assertEquals(0, c.getTimezone(), text);
            n++;
        }
        assertTrue(n >= 9, "times found: " + n);
        assertTrue(s.contains("1970-01-01T00:00:00Z"), s);
        assertTrue(s.contains("2024-02-29T12:00:00.123456789Z"), s);
        validator.validate(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textThatXmlCannotCarryIsDroppedAndSpecialCharactersEscaped() throws Exception {
        RecordingMetadata m = RecordingMetadata.builder()
                .participant(Participant.of(Fixtures.ALICE, "sip:a&b@example.com", "Al\u0001ice <\"&'> \uD83D\uDE00"))
                .build();
        byte[] xml = writer.write(m);
        validator.validate(xml);
        Participant p = new MetadataReader().read(xml).participants().get(0);
        assertEquals("Alice <\"&'> \uD83D\uDE00", p.nameIds().get(0).name());
        assertEquals("sip:a&b@example.com", p.aor());
    }

    private static RecordingMetadata replaceAliceStreamAssoc(RecordingMetadata m, ParticipantStreamAssoc a) {
        RecordingMetadata.Builder b = RecordingMetadata.builder();
        m.groups().forEach(b::group);
        m.sessions().forEach(b::session);
        m.participants().forEach(b::participant);
        m.streams().forEach(b::stream);
        m.sessionRecordingAssocs().forEach(b::sessionRecordingAssoc);
        m.participantSessionAssocs().forEach(b::participantSessionAssoc);
        for (ParticipantStreamAssoc x : m.participantStreamAssocs()) {
            b.participantStreamAssoc(x.participantId().equals(a.participantId()) && x.send().equals(a.send()) ? a : x);
        }
        return b.build();
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
