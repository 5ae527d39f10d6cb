package org.siprec.src.recording;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.Participant;
import org.siprec.metadata.DataMode;
import org.siprec.metadata.MetadataReader;
import org.siprec.metadata.MetadataValidator;
import org.siprec.metadata.MetadataWriter;
import org.siprec.metadata.RecordingMetadata;
import org.siprec.api.policy.Decision;
import org.siprec.metadata.Extension;
import org.siprec.metadata.MetadataFormat;
import org.siprec.src.decision.CombinationRule;
import org.siprec.src.decision.CombinedDecision;
import org.siprec.src.decision.PolicyVerdict;
import org.siprec.src.recording.RecordingMetadataBuilder.Recorded;

/** The metadata the SRC sends, checked against the RFC 7865 schema and read back. */
class RecordingMetadataBuilderTest {
    private final CommunicationSession call = new TestCall("call-1", Optional.of("ab30317f1a784dc48ff824d0d3715d86"),
            new Participant("sip:alice@example.net", "Alice"), new Participant("tel:+4930123456", null));
    private final RecordingMetadataBuilder builder = new RecordingMetadataBuilder(call, Instant.parse("2026-11-25T10:00:01Z"),
            List.of(new Recorded("1", 0, Side.A), new Recorded("2", 0, Side.B)));
    private final MetadataWriter writer = new MetadataWriter();


    @Test
    void theCompleteSnapshotIsValidAndNamesBothPartiesAndStreams() throws Exception {
        RecordingMetadata complete = builder.snapshot(DataMode.COMPLETE, false, false, null);
        byte[] xml = writer.write(complete);
        new MetadataValidator().validate(xml);
        String text = new String(xml, UTF_8);
        assertTrue(text.contains("urn:ietf:params:xml:ns:recording:1"), text);
        assertTrue(text.contains("sip:alice@example.net"), text);
        assertTrue(text.contains("tel:+4930123456"), text);
        assertTrue(text.contains("ab30317f1a784dc48ff824d0d3715d86"), "sipSessionID from Session-ID: " + text);
        RecordingMetadata read = new MetadataReader().read(xml);
        assertEquals(2, read.participants().size());
        assertTrue(read.streamByLabel("1").isPresent());
        assertTrue(read.streamByLabel("2").isPresent());
        assertEquals("sip:alice@example.net", read.sendersOf(read.streamByLabel("1").get().id()).get(0).aor());
        assertEquals("tel:+4930123456", read.sendersOf(read.streamByLabel("2").get().id()).get(0).aor());
    }

    @Test
    void theDecisionAndEveryPolicyVerdictTravelAsAValidExtension() throws Exception {
        List<PolicyVerdict> verdicts = List.of(
                new PolicyVerdict("org.siprec.policy.whitelist", 200, Decision.abstain(), null),
                new PolicyVerdict("org.siprec.policy.profile", 100,
                        Decision.record("Alice's profile records her originating calls"), null),
                new PolicyVerdict("slow", 0, Decision.abstain(), "no answer within 50 ms"));
        CombinedDecision decision = new CombinedDecision(CombinationRule.combine(verdicts), verdicts);
        RecordingMetadataBuilder withDecision = new RecordingMetadataBuilder(call, Instant.parse("2026-11-25T10:00:01Z"),
                List.of(new Recorded("1", 0, Side.A), new Recorded("2", 0, Side.B)), decision);
        RecordingMetadata complete = withDecision.snapshot(DataMode.COMPLETE, false, false, null);
        byte[] xml = writer.write(complete);
        new MetadataValidator().validate(xml);
        Extension read = new MetadataReader().read(xml).extensions(MetadataFormat.DECISION_NAMESPACE, "decision").get(0);
        assertEquals("RECORD", read.attribute("verdict"));
        assertEquals("false", read.attribute("mandatory"));
        assertEquals("org.siprec.policy.profile: Alice's profile records her originating calls",
                read.children("reason").get(0).text());
        List<Extension> policies = read.children("policy");
        assertEquals(3, policies.size());
        assertEquals("org.siprec.policy.whitelist", policies.get(0).attribute("name"));
        assertEquals("ABSTAIN", policies.get(0).attribute("verdict"));
        assertEquals("RECORD", policies.get(1).attribute("verdict"));
        assertEquals("100", policies.get(1).attribute("ranking"));
        assertEquals("no answer within 50 ms", policies.get(2).attribute("failure"));

        // the decision does not change during the call: a hold update does not repeat it, the end does not either
        RecordingMetadata held = withDecision.snapshot(DataMode.COMPLETE, true, false, null);
        assertTrue(held.changesSince(complete).extensions().isEmpty());
    }

    @Test
    void holdIsAValidPartialUpdateAndTheEndCarriesStopTimes() throws Exception {
        RecordingMetadata before = builder.snapshot(DataMode.COMPLETE, false, false, null);
        RecordingMetadata held = builder.snapshot(DataMode.COMPLETE, false, true, null);
        RecordingMetadata update = held.changesSince(before).toBuilder().dataMode(DataMode.PARTIAL).build();
        byte[] xml = writer.write(update);
        new MetadataValidator().validate(xml);
        String text = new String(xml, UTF_8);
        assertTrue(text.contains("<datamode>partial</datamode>"), text);
        assertTrue(text.contains("participantstreamassoc"), text);
        assertFalse(text.contains("<group"), "unchanged elements are left out of a partial update: " + text);

        RecordingMetadata end = builder.snapshot(DataMode.COMPLETE, false, true, Instant.parse("2026-11-25T10:05:00Z"));
        byte[] last = writer.write(end.changesSince(held).toBuilder().dataMode(DataMode.PARTIAL).build());
        new MetadataValidator().validate(last);
        assertTrue(new String(last, UTF_8).contains("2026-11-25T10:05:00Z"), new String(last, UTF_8));
    }
}
