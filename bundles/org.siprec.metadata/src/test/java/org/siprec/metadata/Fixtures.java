package org.siprec.metadata;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A recorded two-party call as the SRC describes it. */
final class Fixtures {
    static final MetadataId GROUP = MetadataId.of(UUID.fromString("7be3930b-2a31-4e6a-a6ab-203fd707830b"));
    static final MetadataId SESSION = MetadataId.of("hVpd7YQgRW2nD22h7q60JQ==");
    static final MetadataId ALICE = MetadataId.of("srfBElmCRp2QB23b7Mpk0w==");
    static final MetadataId BOB = MetadataId.of("zSfPoSvdSDCmU3A3TRDxAw==");
    static final MetadataId ALICE_STREAM = MetadataId.of("UAAMm5GRQKSCMVvLyl4rFw==");
    static final MetadataId BOB_STREAM = MetadataId.of("i1Pz3to5hGk8fuXl+PbwCw==");
    static final Instant START = Instant.parse("2010-12-16T23:41:07Z");
    static final Instant LATER = Instant.parse("2010-12-16T23:45:12.250Z");

    private Fixtures() {
    }

    static RecordingMetadata call() {
        return RecordingMetadata.builder()
                .group(Group.of(GROUP, START))
                .session(Session.of(SESSION, "ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2")
                        .withGroupRef(GROUP).withStartTime(START))
                .participant(new Participant(ALICE, List.of(new NameId("sip:alice@atlanta.example.com", "Alice", "en"))))
                .participant(Participant.of(BOB, "sip:bob@biloxi.example.com", "Bob"))
                .stream(Stream.of(ALICE_STREAM, SESSION, "96"))
                .stream(Stream.of(BOB_STREAM, SESSION, "97"))
                .sessionRecordingAssoc(SessionRecordingAssoc.of(SESSION, START))
                .participantSessionAssoc(ParticipantSessionAssoc.of(ALICE, SESSION, START))
                .participantSessionAssoc(ParticipantSessionAssoc.of(BOB, SESSION, START))
                .participantStreamAssoc(ParticipantStreamAssoc.of(ALICE, List.of(ALICE_STREAM), List.of(BOB_STREAM), START))
                .participantStreamAssoc(ParticipantStreamAssoc.of(BOB, List.of(BOB_STREAM), List.of(ALICE_STREAM), START))
                .build();
    }
}
