package org.siprec.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Metadata as other SRCs send it: the reader is liberal in what it accepts. */
class VendorDialectTest {
    private final MetadataReader reader = new MetadataReader();

    /** RFC 7865 style, with extension elements, white space inside ids and elements out of order. */
    @Test
    void rfcDocumentWithExtensionsAndReorderedElements() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <recording xmlns='urn:ietf:params:xml:ns:recording:1' xmlns:x='http://example.com/x' x:flag='1'>
                  <participantstreamassoc participant_id="zSfPoSvdSDCmU3A3TRDxAw==">
                    <send>i1Pz3to5hGk8fuXl+PbwCw==</send>
                    <recv>UAAMm5GRQKSCMVvLyl4rFw==</recv>
                    <associate-time>2010-12-16T23:41:07Z</associate-time>
                  </participantstreamassoc>
                  <stream stream_id="i1Pz3to5hGk8fuXl+PbwCw==" session_id="hVpd7YQgRW2nD22h7q60JQ=="><label>97</label></stream>
                  <participant participant_id="zSfPoSvdSDCmU3A3TRDxAw==">
                    <nameID aor="sip:bob@biloxi.example.com"><name>Bob</name></nameID>
                    <x:mydata><participant participant_id="bm90LWEtcGFydGljaXBhbnQ="/></x:mydata>
                  </participant>
                  <participantsessionassoc participant_id="zSfPoSvdSDCmU3A3TRDxAw==" session_id="hVpd7YQgRW2nD22h7q60JQ==">
                    <associate-time>2010-12-16T23:41:07Z</associate-time>
                  </participantsessionassoc>
                  <mystery-element>ignored</mystery-element>
                  <x:call-center><x:supervisor>sip:alice@atlanta.com</x:supervisor></x:call-center>
                  <session session_id="hVpd7YQgRW2nD22h7q60JQ==" x:other="y">
                    <sipSessionID>ab30317f1a784dc48ff824d0d3715d86;
                       remote=47755a9de7794ba387653f2099600ef2</sipSessionID>
                    <group-ref>e+OTCyoxTmqmqyA/
                       1weDCw==</group-ref>
                    <start-time>2010-12-16T23:41:07Z</start-time>
                  </session>
                  <group group_id="e+OTCyoxTmqmqyA/1weDCw=="><associate-time>2010-12-16T23:41:07Z</associate-time>
                    <x:mydata><x:structure>FOO!</x:structure></x:mydata></group>
                  <sessionrecordingassoc session_id="hVpd7YQgRW2nD22h7q60JQ=="><associate-time>2010-12-16T23:41:07Z</associate-time></sessionrecordingassoc>
                  <participant participant_id="srfBElmCRp2QB23b7Mpk0w==">
                    <nameID aor="sip:alice@atlanta.example.com"><name xml:lang="en">Alice</name></nameID>
                  </participant>
                  <participantsessionassoc participant_id="srfBElmCRp2QB23b7Mpk0w==" session_id="hVpd7YQgRW2nD22h7q60JQ==">
                    <associate-time>2010-12-16T23:41:07Z</associate-time>
                  </participantsessionassoc>
                  <stream stream_id="UAAMm5GRQKSCMVvLyl4rFw==" session_id="hVpd7YQgRW2nD22h7q60JQ=="><label>96</label></stream>
                  <participantstreamassoc participant_id="srfBElmCRp2QB23b7Mpk0w==">
                    <send>UAAMm5GRQKSCMVvLyl4rFw==</send><recv>i1Pz3to5hGk8fuXl+PbwCw==</recv>
                    <associate-time>2010-12-16T23:41:07Z</associate-time>
                  </participantstreamassoc>
                  <datamode>complete</datamode>
                </recording>
                """;
        RecordingMetadata m = reader.read(xml);
        assertEquals(sorted(Fixtures.call()), sorted(m));
    }

    /** The draft namespace and draft forms (Acme Packet / Oracle SBC style). */
    @Test
    void legacyDraftNamespaceAndForms() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <recording xmlns='urn:ietf:params:xml:ns:recording'>
                  <datamode>complete</datamode>
                  <session id="JYvRmx5DQX7f5q8pmyIegQ==">
                    <associate-time>2014-02-27T17:42:43</associate-time>
                  </session>
                  <participant id="eUDGsbDZQi9/1sNO6GSbXw==" session="JYvRmx5DQX7f5q8pmyIegQ==">
                    <nameID aor="sip:alice@example.com"><name>Alice</name></nameID>
                    <associate-time>2014-02-27T17:42:43</associate-time>
                    <send>Ozv0Z1V/TM5UmDlhLHhp7A==</send>
                    <recv>N2qC8DfQRAJvAmdPIEBMFg==</recv>
                  </participant>
                  <participant id="bE3jGn0gSOyKBLr2O3Rb6Q==" session="JYvRmx5DQX7f5q8pmyIegQ==">
                    <aor>sip:bob@example.com</aor>
                    <name>Bob</name>
                    <associate-time>2014-02-27T17:42:44+01:00</associate-time>
                    <send>N2qC8DfQRAJvAmdPIEBMFg==</send>
                    <recv>Ozv0Z1V/TM5UmDlhLHhp7A==</recv>
                  </participant>
                  <stream id="Ozv0Z1V/TM5UmDlhLHhp7A==" session="JYvRmx5DQX7f5q8pmyIegQ==">
                    <label>1</label>
                    <mode>separate</mode>
                    <associate-time>2014-02-27T17:42:43</associate-time>
                  </stream>
                  <stream id="N2qC8DfQRAJvAmdPIEBMFg==" session="JYvRmx5DQX7f5q8pmyIegQ==">
                    <label>2</label>
                  </stream>
                </recording>
                """;
        RecordingMetadata m = reader.read(xml.getBytes(StandardCharsets.UTF_8));
        MetadataId session = MetadataId.of("JYvRmx5DQX7f5q8pmyIegQ==");
        MetadataId alice = MetadataId.of("eUDGsbDZQi9/1sNO6GSbXw==");
        MetadataId bob = MetadataId.of("bE3jGn0gSOyKBLr2O3Rb6Q==");
        MetadataId s1 = MetadataId.of("Ozv0Z1V/TM5UmDlhLHhp7A==");
        MetadataId s2 = MetadataId.of("N2qC8DfQRAJvAmdPIEBMFg==");
        Instant t = Instant.parse("2014-02-27T17:42:43Z");
        Instant tBob = Instant.parse("2014-02-27T16:42:44Z");

        assertEquals(List.of(Session.of(session)), m.sessions());
        assertEquals(List.of(SessionRecordingAssoc.of(session, t)), m.sessionRecordingAssocs());
        assertEquals(List.of(Participant.of(alice, "sip:alice@example.com", "Alice"),
                Participant.of(bob, "sip:bob@example.com", "Bob")), m.participants());
        assertEquals(List.of(ParticipantSessionAssoc.of(alice, session, t),
                ParticipantSessionAssoc.of(bob, session, tBob)), m.participantSessionAssocs());
        assertEquals(List.of(ParticipantStreamAssoc.of(alice, List.of(s1), List.of(s2), t),
                ParticipantStreamAssoc.of(bob, List.of(s2), List.of(s1), tBob)), m.participantStreamAssocs());
        assertEquals(List.of(Stream.of(s1, session, "1"), Stream.of(s2, session, "2")), m.streams());
        assertEquals(List.of(m.participants().get(1)), m.sendersOf(s2));
    }

    /** BroadWorks: draft forms, camel case, its own namespace on the elements, extension data. */
    @Test
    void broadWorksVariantInAnUnknownNamespace() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bw:recording xmlns:bw="http://schema.broadsoft.com/broadworks/siprec"
                              xmlns:bsft="http://schema.broadsoft.com/siprec/metadata">
                  <bw:dataMode>partial</bw:dataMode>
                  <bw:session id="c2Vzc2lvbi0xMjM0NTY3OA==">
                    <bw:extensiondata>
                      <bsft:callID>callhalf-1234:0</bsft:callID>
                      <bsft:userID>alice@example.com</bsft:userID>
                      <bsft:session id="bm90LWEtc2Vzc2lvbg=="/>
                    </bw:extensiondata>
                    <bw:associateTime>2021-06-01T08:00:00.000Z</bw:associateTime>
                  </bw:session>
                  <bw:participant id="cGFydGljaXBhbnQtYQ==" session="c2Vzc2lvbi0xMjM0NTY3OA==">
                    <bw:nameID aor="tel:+15551230000"><bw:name xml:lang="en-US">Alice Agent</bw:name></bw:nameID>
                    <bw:send>c3RyZWFtLWE=</bw:send>
                  </bw:participant>
                  <bw:stream id="c3RyZWFtLWE=" session="c2Vzc2lvbi0xMjM0NTY3OA=="><bw:label>1</bw:label></bw:stream>
                </bw:recording>
                """;
        RecordingMetadata m = reader.read(xml);
        MetadataId session = MetadataId.of("c2Vzc2lvbi0xMjM0NTY3OA==");
        MetadataId alice = MetadataId.of("cGFydGljaXBhbnQtYQ==");
        MetadataId stream = MetadataId.of("c3RyZWFtLWE=");
        assertEquals(DataMode.PARTIAL, m.dataMode());
        assertEquals(List.of(Session.of(session)), m.sessions(), "extension data is skipped");
        assertEquals(List.of(SessionRecordingAssoc.of(session, Instant.parse("2021-06-01T08:00:00Z"))),
                m.sessionRecordingAssocs());
        assertEquals(List.of(new Participant(alice, List.of(new NameId("tel:+15551230000", "Alice Agent", "en-US")))),
                m.participants());
        assertEquals(List.of(new ParticipantSessionAssoc(alice, session, null, null)), m.participantSessionAssocs());
        assertEquals(List.of(ParticipantStreamAssoc.of(alice, List.of(stream), List.of(), null)),
                m.participantStreamAssocs());
        assertEquals(List.of(Stream.of(stream, session, "1")), m.streams());
    }

    /** One mixed stream carrying both parties (e.g. an SRC configured for a single m-line). */
    @Test
    void oneStreamMixed() throws Exception {
        String xml = """
                <recording xmlns="urn:ietf:params:xml:ns:recording:1">
                  <datamode>complete</datamode>
                  <session session_id="hVpd7YQgRW2nD22h7q60JQ=="/>
                  <participant participant_id="srfBElmCRp2QB23b7Mpk0w=="><nameID aor="sip:alice@example.com"/></participant>
                  <participant participant_id="zSfPoSvdSDCmU3A3TRDxAw=="><nameID aor="sip:bob@example.com"/></participant>
                  <stream stream_id="UAAMm5GRQKSCMVvLyl4rFw==" session_id="hVpd7YQgRW2nD22h7q60JQ=="><label>mixed</label></stream>
                  <participantstreamassoc participant_id="srfBElmCRp2QB23b7Mpk0w==">
                    <send>UAAMm5GRQKSCMVvLyl4rFw==</send><recv>UAAMm5GRQKSCMVvLyl4rFw==</recv>
                  </participantstreamassoc>
                  <participantstreamassoc participant_id="zSfPoSvdSDCmU3A3TRDxAw==">
                    <send>UAAMm5GRQKSCMVvLyl4rFw==</send><recv>UAAMm5GRQKSCMVvLyl4rFw==</recv>
                  </participantstreamassoc>
                </recording>
                """;
        RecordingMetadata m = reader.read(xml);
        assertEquals(1, m.streams().size());
        assertEquals(m.participants(), m.sendersOf(Fixtures.ALICE_STREAM));
        assertEquals(List.of(Fixtures.ALICE_STREAM), m.streamsSentBy(Fixtures.BOB));
        assertNull(m.participants().get(0).nameIds().get(0).name());
        new MetadataValidator().validate(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** No namespace, prefixed RFC namespace, no datamode (complete by default), elements without ids skipped. */
    @Test
    void prefixesMissingNamespaceAndMissingIds() throws Exception {
        RecordingMetadata m = reader.read("""
                <rs:recording xmlns:rs="urn:ietf:params:xml:ns:recording:1">
                  <rs:participant><rs:nameID aor="sip:nobody@example.com"/></rs:participant>
                  <rs:participant participant_id="srfBElmCRp2QB23b7Mpk0w=="/>
                  <rs:stream stream_id="UAAMm5GRQKSCMVvLyl4rFw=="/>
                </rs:recording>""");
        assertEquals(DataMode.COMPLETE, m.dataMode());
        assertEquals(List.of(new Participant(Fixtures.ALICE, List.of())), m.participants());
        assertEquals(List.of(new Stream(Fixtures.ALICE_STREAM, null, null)), m.streams());

        RecordingMetadata plain = reader.read("<recording><DataMode> Partial </DataMode></recording>");
        assertEquals(DataMode.PARTIAL, plain.dataMode());
        assertEquals(true, plain.isEmpty());
    }

    /** Time forms seen in the wild, and a stream without a session reference in a one-session document. */
    @Test
    void vendorTimeFormsAndImplicitSession() throws Exception {
        RecordingMetadata m = reader.read("""
                <recording xmlns="urn:ietf:params:xml:ns:recording">
                  <session id="c2Vzc2lvbg=="/>
                  <group id="Zw=="><associate-time>2014-02-27 17:42:43</associate-time>
                    <disassociate-time>2014-02-27T18:42:43.5+0100</disassociate-time></group>
                  <group id="aA=="><associate-time>2014-02-27t17:42:43z</associate-time></group>
                  <stream id="cw=="><label>7</label></stream>
                  <participant id="cA=="><associate-time>2014-02-27T17:42:43Z</associate-time></participant>
                </recording>""");
        Instant t = Instant.parse("2014-02-27T17:42:43Z");
        assertEquals(List.of(new Group(MetadataId.of("Zw=="), t, Instant.parse("2014-02-27T17:42:43.5Z")),
                Group.of(MetadataId.of("aA=="), t)), m.groups());
        MetadataId session = MetadataId.of("c2Vzc2lvbg==");
        assertEquals(List.of(Stream.of(MetadataId.of("cw=="), session, "7")), m.streams());
        assertEquals(List.of(ParticipantSessionAssoc.of(MetadataId.of("cA=="), session, t)),
                m.participantSessionAssocs());
    }

    @Test
    void otherEncodingsFollowTheXmlDeclaration() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><recording><participant participant_id=\"a\">"
                + "<nameID aor=\"sip:j@example.com\"><name>Jos\u00e9</name></nameID></participant></recording>";
        RecordingMetadata m = reader.read(xml.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Jos\u00e9", m.participants().get(0).nameIds().get(0).name());
        assertEquals("Jos\u00e9", reader.read(xml).participants().get(0).nameIds().get(0).name());
    }

    /** Order-insensitive form for comparing documents read from reordered XML. */
    private static RecordingMetadata sorted(RecordingMetadata m) {
        return new RecordingMetadata(m.dataMode(), sort(m.groups()), sort(m.sessions()), sort(m.participants()),
                sort(m.streams()), sort(m.sessionRecordingAssocs()), sort(m.participantSessionAssocs()),
                sort(m.participantStreamAssocs()));
    }

    private static <T> List<T> sort(List<T> list) {
        return list.stream().sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    }
}
