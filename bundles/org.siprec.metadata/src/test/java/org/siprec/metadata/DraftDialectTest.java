package org.siprec.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The early draft-ietf-siprec-metadata dialect ({@code <recording_metadata>} in {@code urn:ietf:params:xml:ns:siprec},
 * as BroadWorks and Webex Calling send it) read into the same model as RFC 7865, and the deviations the reader
 * reports for each dialect. Documents written for this test from the draft's model (id/session/group attributes,
 * {@code <aor>}/{@code <name>}/{@code <send>}/{@code <recv>} inside {@code <participant>}).
 */
class DraftDialectTest {
    private final MetadataReader reader = new MetadataReader();

    /** The call of {@link Fixtures#call()}, in the draft dialect. */
    static final String BROADWORKS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <recording_metadata xmlns="urn:ietf:params:xml:ns:siprec">
              <dataMode>complete</dataMode>
              <group id="e+OTCyoxTmqmqyA/1weDCw=="><associate-time>2010-12-16T23:41:07Z</associate-time></group>
              <session id="hVpd7YQgRW2nD22h7q60JQ==" group="e+OTCyoxTmqmqyA/1weDCw==">
                <sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2</sipSessionID>
                <start-time>2010-12-16T23:41:07Z</start-time>
                <associate-time>2010-12-16T23:41:07Z</associate-time>
              </session>
              <participant id="srfBElmCRp2QB23b7Mpk0w==" session="hVpd7YQgRW2nD22h7q60JQ==">
                <aor>sip:alice@atlanta.example.com</aor>
                <name xml:lang="en">Alice</name>
                <send>UAAMm5GRQKSCMVvLyl4rFw==</send>
                <recv>i1Pz3to5hGk8fuXl+PbwCw==</recv>
                <associate-time>2010-12-16T23:41:07Z</associate-time>
              </participant>
              <participant id="zSfPoSvdSDCmU3A3TRDxAw==" session="hVpd7YQgRW2nD22h7q60JQ==">
                <aor>sip:bob@biloxi.example.com</aor>
                <name>Bob</name>
                <send>i1Pz3to5hGk8fuXl+PbwCw==</send>
                <recv>UAAMm5GRQKSCMVvLyl4rFw==</recv>
                <associate-time>2010-12-16T23:41:07Z</associate-time>
              </participant>
              <stream id="UAAMm5GRQKSCMVvLyl4rFw==" session="hVpd7YQgRW2nD22h7q60JQ=="><label>96</label></stream>
              <stream id="i1Pz3to5hGk8fuXl+PbwCw==" session="hVpd7YQgRW2nD22h7q60JQ=="><label>97</label></stream>
            </recording_metadata>
            """;

    @Test
    void broadWorksDraftDialectReadsToTheSameModelAsRfc7865() throws Exception {
        List<String> deviations = new ArrayList<>();
        RecordingMetadata draft = reader.read(BROADWORKS.getBytes(StandardCharsets.UTF_8), deviations::add);
        assertEquals(Fixtures.call(), draft);
        assertEquals(List.of("pre-RFC metadata <recording_metadata> (draft-ietf-siprec-metadata)"), deviations);
        assertEquals(reader.read(new MetadataWriter().write(Fixtures.call())), draft, "as the RFC document of the same call");
    }

    /** The drafts' recording-session element wrapping the others; participant times as start-time/stop-time. */
    @Test
    void recordingElementInsideTheRootAndParticipantStartStopTimes() throws Exception {
        RecordingMetadata m = reader.read("""
                <recording_metadata xmlns="urn:ietf:params:xml:ns:siprec">
                  <dataMode>partial</dataMode>
                  <recording id="cmVjb3JkaW5n">
                    <session id="c2Vzc2lvbg=="/>
                    <participant id="cA==" session="c2Vzc2lvbg==">
                      <aor>tel:+15551230000</aor>
                      <send>cw==</send>
                      <start-time>2021-06-01T08:00:00Z</start-time>
                      <stop-time>2021-06-01T08:05:00Z</stop-time>
                    </participant>
                    <stream id="cw==" session="c2Vzc2lvbg=="><label>1</label></stream>
                  </recording>
                </recording_metadata>""".getBytes(StandardCharsets.UTF_8), null);
        MetadataId session = MetadataId.of("c2Vzc2lvbg==");
        MetadataId p = MetadataId.of("cA==");
        MetadataId s = MetadataId.of("cw==");
        Instant start = Instant.parse("2021-06-01T08:00:00Z");
        Instant stop = Instant.parse("2021-06-01T08:05:00Z");
        assertEquals(DataMode.PARTIAL, m.dataMode());
        assertEquals(List.of(Participant.of(p, "tel:+15551230000", null)), m.participants());
        assertEquals(List.of(new ParticipantSessionAssoc(p, session, start, stop)), m.participantSessionAssocs());
        assertEquals(List.of(new ParticipantStreamAssoc(p, List.of(s), List.of(), start, stop)), m.participantStreamAssocs());
        assertEquals(List.of(Stream.of(s, session, "1")), m.streams());
    }

    /** Webex Calling: the same dialect with a BroadWorks extension element, kept as an extension, nothing else lost. */
    @Test
    void webexCallingBroadWorksExtensionIsKeptAsAnExtension() throws Exception {
        String xml = BROADWORKS.replace("<dataMode>complete</dataMode>", """
                <dataMode>complete</dataMode>
                  <bwext:callInfo xmlns:bwext="http://schema.broadsoft.com/siprec/extension">
                    <bwext:callId>callhalf-1234:0</bwext:callId>
                    <bwext:userId>alice@atlanta.example.com</bwext:userId>
                  </bwext:callInfo>""").replace("<name>Bob</name>", """
                <name>Bob</name>
                    <extensiondata xmlns:bsft="http://schema.broadsoft.com/siprec"><bsft:callingParty>false</bsft:callingParty></extensiondata>""");
        RecordingMetadata m = reader.read(xml);
        assertEquals(1, m.extensions().size());
        Extension e = m.extensions().get(0);
        assertEquals("http://schema.broadsoft.com/siprec/extension", e.namespace());
        assertEquals("callInfo", e.name());
        assertEquals(Fixtures.call().participants(), m.participants());
        assertEquals(Fixtures.call().participantStreamAssocs(), m.participantStreamAssocs());
    }

    @Test
    void deviationsAreReportedPerDialect() throws Exception {
        assertEquals(List.of(), deviations(new String(new MetadataWriter().write(Fixtures.call()), StandardCharsets.UTF_8)));
        assertEquals(List.of("draft metadata namespace urn:ietf:params:xml:ns:recording (no ':1')"),
                deviations("<recording xmlns='urn:ietf:params:xml:ns:recording'><datamode>complete</datamode></recording>"));
        assertEquals(List.of("metadata in no namespace"), deviations("<recording/>"));
        assertEquals(List.of("metadata in namespace urn:x"), deviations("<recording xmlns='urn:x'/>"));
        assertEquals(List.of("pre-RFC metadata <recording_metadata> (draft-ietf-siprec-metadata)",
                "metadata in namespace urn:x"), deviations("<recording_metadata xmlns='urn:x'/>"));
    }

    @Test
    void anotherRootIsStillRefusedWithItsName() {
        MetadataException e = assertThrows(MetadataException.class, () -> reader.read("<conference-info xmlns='urn:ietf:params:xml:ns:conference-info'/>"));
        assertTrue(e.getMessage().contains("<conference-info>"), e.getMessage());
        assertTrue(e.getMessage().contains("<recording_metadata>"), e.getMessage());
    }

    private List<String> deviations(String xml) throws MetadataException {
        List<String> result = new ArrayList<>();
        reader.read(xml.getBytes(StandardCharsets.UTF_8), result::add);
        return result;
    }
}
