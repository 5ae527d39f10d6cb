package org.siprec.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RoundTripTest {
    private final MetadataReader reader = new MetadataReader();

    @Test
    void completeSnapshotReadsBackEqual() throws Exception {
        RecordingMetadata m = Fixtures.call();
        assertEquals(m, reader.read(new MetadataWriter().write(m)));
        assertEquals(m, reader.read(new MetadataWriter(false).writeString(m)));
        assertEquals(m, reader.read(new ByteArrayInputStream(new MetadataWriter().write(m))));
    }

    @Test
    void everyOptionalValueSurvives() throws Exception {
        RecordingMetadata m = RecordingMetadata.builder(DataMode.PARTIAL)
                .group(new Group(MetadataId.random(), Instant.parse("2020-01-01T00:00:00Z"),
                        Instant.parse("2020-01-01T01:00:00.5Z")))
                .session(new Session(Fixtures.SESSION, List.of("a", "b;remote=c"),
                        List.of(Reason.sip(486, "Busy Here"), new Reason(null, null, "gone")), Fixtures.GROUP,
                        Fixtures.START, Fixtures.LATER))
                .participant(new Participant(Fixtures.ALICE, List.of(new NameId("tel:+15551234", null, null),
                        new NameId("sip:alice@example.com", "Alice", "en"),
                        new NameId("sip:alice@example.com", "Alicia", "es"))))
                .participant(new Participant(Fixtures.BOB, List.of()))
                .stream(new Stream(Fixtures.BOB_STREAM, Fixtures.SESSION, "label with  spaces"))
                .sessionRecordingAssoc(new SessionRecordingAssoc(Fixtures.SESSION, null, Fixtures.LATER))
                .participantSessionAssoc(new ParticipantSessionAssoc(Fixtures.ALICE, Fixtures.SESSION, Fixtures.START,
                        Fixtures.LATER))
                .participantStreamAssoc(new ParticipantStreamAssoc(Fixtures.ALICE, List.of(), List.of(), null, null))
                .build();
        String xml = new MetadataWriter().writeString(m);
        new MetadataValidator().validate(xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(m, reader.read(xml));
    }

    @Test
    void partialUpdatesApplyInOrder() throws Exception {
        MetadataWriter writer = new MetadataWriter();
        RecordingMetadata v1 = Fixtures.call();
        RecordingMetadata v2 = v1.toBuilder()
                .session(Session.of(MetadataId.fromName("second-leg@example.com")).withGroupRef(Fixtures.GROUP))
                .build();
        RecordingMetadata v3 = new RecordingMetadata(DataMode.COMPLETE, List.of(v2.groups().get(0)
                .withDisassociateTime(Fixtures.LATER)), v2.sessions(), v2.participants(), v2.streams(),
                v2.sessionRecordingAssocs(), v2.participantSessionAssocs(), v2.participantStreamAssocs());

        RecordingMetadata atSrs = reader.read(writer.write(v1));
        atSrs = atSrs.apply(reader.read(writer.writeUpdate(v1, v2)));
        atSrs = atSrs.apply(reader.read(writer.writeUpdate(v2, v3)));
        assertEquals(v3, atSrs);
        assertEquals(Fixtures.START, atSrs.groups().get(0).associateTime(), "kept across a partial update");
        // a complete snapshot replaces everything
        assertEquals(v1, atSrs.apply(v1));
    }

    @Test
    void idsAreBase64Uuids() {
        MetadataId id = MetadataId.random();
        assertEquals(24, id.value().length());
        assertTrue(id.toUuid().isPresent());
        assertEquals(MetadataId.fromName("call-1"), MetadataId.fromName("call-1"));
        assertEquals("e+OTCyoxTmqmqyA/1weDCw==", Fixtures.GROUP.value());
        assertTrue(MetadataId.of("not base64!").toUuid().isEmpty());
    }

    @Test
    void lookupsForTheRecorder() {
        RecordingMetadata m = Fixtures.call();
        assertEquals(List.of(m.participants().get(0)), m.sendersOf(Fixtures.ALICE_STREAM));
        assertEquals(List.of(Fixtures.BOB_STREAM), m.streamsSentBy(Fixtures.BOB));
        assertEquals(Fixtures.BOB_STREAM, m.streamByLabel("97").orElseThrow().id());
        assertEquals("sip:bob@biloxi.example.com", m.participant(Fixtures.BOB).orElseThrow().aor());
    }

    @Test
    void contentTypes() {
        assertTrue(MetadataFormat.isMetadataContentType("application/rs-metadata+xml"));
        assertTrue(MetadataFormat.isMetadataContentType("Application/RS-Metadata ; charset=UTF-8"));
        assertTrue(MetadataFormat.isMetadataContentType("application/rs-metadata"));
        assertTrue(!MetadataFormat.isMetadataContentType("application/sdp"));
        assertTrue(!MetadataFormat.isMetadataContentType(null));
    }
}
