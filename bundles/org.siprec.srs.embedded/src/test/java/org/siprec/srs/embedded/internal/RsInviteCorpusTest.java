package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.testsupport.Configs;

/**
 * Every form of the RS INVITE corpus ({@code src/test/resources/rs-invites/}) sent over real UDP sockets to the
 * embedded SRS (an {@code srs} SIP endpoint on port 35490, media 35500-35599): a form announced as recordable gets a
 * 200, its RTP lands in a WAV with the announced channels, the catalog lists the announced participants and stores
 * the metadata, and the defects the form carries are counted for its SRC; a form announced as refused gets exactly
 * that status with a {@code Warning: 399} saying why, and leaves nothing recorded.
 */
class RsInviteCorpusTest {
    static final int SIP = 35490;
    private static ExtraSipEndpoint endpoint;
    private static EmbeddedSrs srs;
    private static Path recordings;

    @BeforeAll
    static void start() throws Exception {
        recordings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "corpus-recordings-");
        endpoint = new ExtraSipEndpoint();
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SIP,
                "tcp.port", SIP, "thread.pool.size", 4)));
        srs = new EmbeddedSrs(endpoint, Configs.of(SrsConfig.class, Map.of("recordings.dir", recordings.toString(),
                "port.min", 35500, "port.max", 35599)));
        endpoint.attach(srs);
    }

    @AfterAll
    static void stop() {
        srs.deactivate();
        endpoint.deactivate();
    }

    @Test
    void everyCorpusFileIsListed() throws Exception {
        try (var files = Files.list(Path.of("src/test/resources/rs-invites"))) {
            assertEquals(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sip")).sorted().toList(),
                    RsInviteForm.FILES.stream().sorted().toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("org.siprec.srs.embedded.internal.RsInviteForm#FILES")
    void eachFormIsRecordedOrRefusedWithAWarning(String file) throws Exception {
        try (RawSrc src = new RawSrc(SIP)) {
            exchange(file, src);
        }
    }

    /**
     * The same forms over TCP (RFC 3261 18.3; RFC 7866 SRCs often record over TCP since an RS INVITE with metadata
     * easily exceeds a UDP MTU): one connection per form, the form's Via sent as TCP, answers read from the
     * connection, the same outcome as over UDP.
     */
    @ParameterizedTest(name = "{0} over TCP")
    @FieldSource("org.siprec.srs.embedded.internal.RsInviteForm#FILES")
    void eachFormOverTcpIsRecordedOrRefusedWithAWarning(String file) throws Exception {
        try (RawSrc src = RawSrc.tcp(SIP)) {
            exchange(file, src);
        }
    }

    private void exchange(String file, RawSrc src) throws Exception {
        RsInviteForm form = RsInviteForm.load(file);
        String callId = "corpus-" + file.replace(".sip", "") + "-" + src.transport() + "-" + System.nanoTime();
        int free = srs.freePortPairs();
        String invite = form.message(SIP, src.port(), callId).replaceFirst("Via: SIP/2.0/UDP ",
                "Via: SIP/2.0/" + src.transport() + " ");
        String response = src.request(invite.getBytes(StandardCharsets.UTF_8));
        assertEquals(form.expect(), RawSrc.status(response), file + " answered:\n" + response);
        // no provisional but 100 Trying: so a Require: 100rel (RFC 3262) is met without PRACK (only non-100
        // provisionals must be sent reliably, RFC 3262 section 3)
        assertTrue(src.provisionals.stream().allMatch(p -> p.startsWith("SIP/2.0 100 ")),
                file + ": provisional responses " + src.provisionals);
        if (form.unsupported() != null) {
            assertEquals(form.unsupported(), RawSrc.header(response, "Unsupported"), file + ": 420 names the option tag");
            assertEquals(List.of(), srs.byCallId(callId), "nothing recorded");
            return;
        }
        if (form.expect() != 200) {
            String warning = RawSrc.header(response, "Warning");
            assertNotNull(warning, file + ": a refusal says why in a Warning header:\n" + response);
            assertTrue(warning.startsWith("399 "), warning);
            assertTrue(warning.contains(form.warning()), file + ": Warning '" + warning + "' names '" + form.warning() + "'");
            assertEquals(List.of(), srs.byCallId(callId), "nothing recorded");
            assertEquals(free, srs.freePortPairs(), "no port kept");
            return;
        }
        src.ack(invite, response);
        List<Integer> ports = RawSrc.answeredPorts(response);
        int port = ports.stream().filter(p -> p != 0).findFirst().orElseThrow();
        src.rtp(port, 25, 0x5eed0001L);
        assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, response, null, "")));
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                e -> e != null && e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state(), file);
        assertEquals(form.participants(), entry.participants().stream().map(CatalogEntry.Party::aor).toList(), file);
        assertFalse(entry.metadata().isEmpty(), "metadata stored");
        assertTrue(Files.size(entry.metadata().get(0)) > 0);
        assertEquals(25, entry.streams().stream().mapToLong(CatalogEntry.MediaStream::packets).sum(), "every RTP packet counted");
        try (AudioInputStream in = AudioSystem.getAudioInputStream(entry.wav().toFile())) {
            assertEquals(form.channels(), in.getFormat().getChannels(), file + ": channels of the WAV");
            assertTrue(in.getFrameLength() >= 25 * 160, "the audio sent is in the WAV");
        }
        Map<String, Long> defects = srs.toleratedDefects("127.0.0.1");
        for (String defect : form.defects()) {
            assertTrue(defects.getOrDefault(defect, 0L) > 0, file + ": defect '" + defect + "' counted in " + defects);
        }
        assertEquals(free, srs.freePortPairs(), "ports released");
    }

    /**
     * Pause and resume in re-INVITEs as SRCs send them (RFC 7866 section 7.1.2 pause/resume; RFC 3264 section 8.4
     * inactive; RFC 2543-style hold with c=0.0.0.0; RFC 3264 section 8.2 port 0 to remove a stream), with a
     * partial metadata update adding a third participant (a transfer or 3-way call, RFC 7865 section 6, datamode
     * partial): every re-INVITE is answered 200, unchanged streams keep their ports, the paused stream is answered
     * inactive, the removed one port 0, audio before and after the pause is recorded, the update is stored and merged.
     */
    @Test
    void pauseResumeAndMetadataUpdateInReInvites() throws Exception {
        RsInviteForm form = RsInviteForm.load("rfc7866-basic.sip");
        String callId = "corpus-pause-" + System.nanoTime();
        try (RawSrc src = new RawSrc(SIP)) {
            String invite = form.message(SIP, src.port(), callId);
            String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok), ok);
            src.ack(invite, ok);
            List<Integer> ports = RawSrc.answeredPorts(ok);
            src.rtp(ports.get(0), 10, 0x1001L);

            // pause: stream 1 inactive, stream 2 held the RFC 2543 way; Carol joins (partial metadata)
            String pause = reOffer("a=inactive", "c=IN IP4 0.0.0.0\na=sendonly", 40002, CAROL_JOINS);
            String paused = src.inDialogRequest("INVITE", invite, ok, "multipart/mixed;boundary=rs-boundary", pause);
            assertEquals(200, RawSrc.status(paused), paused);
            src.ack(invite, paused);
            assertEquals(ports, RawSrc.answeredPorts(paused), "unchanged streams keep their ports");
            assertTrue(section(paused, 0).contains("a=inactive"), paused);
            assertTrue(section(paused, 1).contains("a=recvonly"), paused);

            // resume stream 1; remove stream 2 (port 0); no metadata this time
            String resume = reOffer("a=sendonly", "a=sendonly", 0, null);
            String resumed = src.inDialogRequest("INVITE", invite, ok, "multipart/mixed;boundary=rs-boundary", resume);
            assertEquals(200, RawSrc.status(resumed), resumed);
            src.ack(invite, resumed);
            assertEquals(List.of(ports.get(0), 0), RawSrc.answeredPorts(resumed), "stream 1 kept, stream 2 removed");
            src.rtp(ports.get(0), 10, 0x1001L);
            assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
        }
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                e -> e != null && e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state());
        assertEquals(2, entry.metadata().size(), "the INVITE's metadata and the update, each stored");
        assertTrue(Files.readString(entry.metadata().get(1)).contains("sip:carol@chicago.example.com"));
        assertEquals(List.of("sip:alice@atlanta.example.com", "sip:bob@biloxi.example.com", "sip:carol@chicago.example.com"),
                entry.participants().stream().map(CatalogEntry.Party::aor).toList(), "the update merged into the snapshot");
        long stream1 = entry.streams().stream().filter(m -> "1".equals(m.label())).mapToLong(CatalogEntry.MediaStream::packets).sum();
        assertEquals(20, stream1, "audio before and after the pause");
    }

    /**
     * A re-INVITE that adds a stream (a transfer or a third party joining, RFC 7866 section 7.1.1: a new m-line with a
     * new label) with metadata naming its sender, then an UPDATE carrying only a metadata update (RFC 7866 section
     * 7.1.2, RFC 3311): both answered 200, the first two streams keep their ports, the new one gets a port and its
     * RTP is recorded, each metadata document is stored and merged.
     */
    @Test
    void reInviteAddsAStreamAndUpdateCarriesMetadataOnly() throws Exception {
        RsInviteForm form = RsInviteForm.load("rfc7866-basic.sip");
        String callId = "corpus-add-" + System.nanoTime();
        try (RawSrc src = new RawSrc(SIP)) {
            String invite = form.message(SIP, src.port(), callId);
            String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok), ok);
            src.ack(invite, ok);
            List<Integer> ports = RawSrc.answeredPorts(ok);

            String third = reOffer("a=sendonly", "a=sendonly", 40002, CAROL_JOINS.replace(
                    "<send>i1Pz3to5hGk8fuXl+PbwCw==</send>", "<send>c3RyZWFtLTM=</send>").replace("</recording>",
                    "  <stream stream_id=\"c3RyZWFtLTM=\" session_id=\"hVpd7YQgRW2nD22h7q60JQ==\"><label>3</label></stream>\n</recording>"))
                    .replace("a=label:2\r\na=sendonly\r\n", "a=label:2\r\na=sendonly\r\nm=audio 40004 RTP/AVP 8\r\n"
                            + "a=rtpmap:8 PCMA/8000\r\na=label:3\r\na=sendonly\r\n");
            String added = src.inDialogRequest("INVITE", invite, ok, "multipart/mixed;boundary=rs-boundary", third);
            assertEquals(200, RawSrc.status(added), added);
            src.ack(invite, added);
            List<Integer> now = RawSrc.answeredPorts(added);
            assertEquals(3, now.size(), added);
            assertEquals(ports, now.subList(0, 2), "the first two streams keep their ports");
            assertTrue(now.get(2) > 0 && !ports.contains(now.get(2)), "the new stream gets a port of its own: " + now);
            src.rtp(now.get(2), 10, 0x3003L);

            String leaves = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <recording xmlns="urn:ietf:params:xml:ns:recording:1">
                      <datamode>partial</datamode>
                      <participantsessionassoc participant_id="Y2Fyb2wtcGFydHk=" session_id="hVpd7YQgRW2nD22h7q60JQ==">
                        <disassociate-time>2026-12-02T10:02:00Z</disassociate-time>
                      </participantsessionassoc>
                    </recording>
                    """.replace("\n", "\r\n");
            String updated = src.inDialogRequest("UPDATE", invite, ok, "application/rs-metadata+xml", leaves);
            assertEquals(200, RawSrc.status(updated), updated);
            assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
        }
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                e -> e != null && e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state());
        assertEquals(3, entry.metadata().size(), "INVITE, re-INVITE and UPDATE metadata, each stored");
        assertTrue(Files.readString(entry.metadata().get(2)).contains("disassociate-time"));
        assertEquals(3, entry.participants().size(), entry.participants().toString());
        CatalogEntry.MediaStream added = entry.streams().stream().filter(m -> "3".equals(m.label())).findFirst().orElseThrow();
        assertEquals(10, added.packets(), "the added stream's RTP");
        assertEquals(List.of("sip:carol@chicago.example.com"), added.senders());
    }

    /**
     * The BroadWorks/Webex draft dialect's updates (draft-ietf-siprec-metadata: {@code <recording_metadata>},
     * {@code dataMode partial}, a participant's times and {@code <send>}/{@code <recv>} as its children): a re-INVITE
     * whose partial metadata adds a participant (a transfer or 3-way call) and an UPDATE whose partial metadata says
     * a participant left ({@code <stop-time>}); both answered 200, stored, and merged into the model: the new
     * participant with what it sends, the leaving one with its disassociate time, the others unchanged.
     */
    @Test
    void broadWorksPartialUpdatesAddAndRemoveParticipants() throws Exception {
        RsInviteForm form = RsInviteForm.load("broadworks-draft.sip");
        String callId = "corpus-bwks-update-" + System.nanoTime();
        String session = "c2Vzc2lvbi1id2tzLTAwMDE=";
        try (RawSrc src = new RawSrc(SIP)) {
            String invite = form.message(SIP, src.port(), callId);
            String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok), ok);
            src.ack(invite, ok);

            String joins = ("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <recording_metadata xmlns="urn:ietf:params:xml:ns:siprec">
                      <dataMode>partial</dataMode>
                      <participant id="cGFydHktdHJhbnNmZXI=" session="%s">
                        <aor>sip:+15551230003@as.broadworks.example.net</aor>
                        <name>Agent Two</name>
                        <start-time>2026-12-02T10:01:00Z</start-time>
                        <send>c3RyZWFtLTE=</send>
                        <recv>c3RyZWFtLTI=</recv>
                      </participant>
                    </recording_metadata>
                    """).formatted(session);
            String reInvite = reOffer("a=sendonly", "a=sendonly", 40002, joins);
            String joined = src.inDialogRequest("INVITE", invite, ok, "multipart/mixed;boundary=rs-boundary", reInvite);
            assertEquals(200, RawSrc.status(joined), joined);
            src.ack(invite, joined);

            String leaves = ("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <recording_metadata xmlns="urn:ietf:params:xml:ns:siprec">
                      <dataMode>partial</dataMode>
                      <participant id="cGFydHktYWdlbnQ=" session="%s">
                        <stop-time>2026-12-02T10:02:00Z</stop-time>
                      </participant>
                    </recording_metadata>
                    """).formatted(session).replace("\n", "\r\n");
            String updated = src.inDialogRequest("UPDATE", invite, ok, "application/rs-metadata+xml", leaves);
            assertEquals(200, RawSrc.status(updated), updated);

            org.siprec.metadata.RecordingMetadata merged = srs.metadataOf(callId);
            assertNotNull(merged, "the recording session is open");
            assertEquals(List.of("cGFydHktYWdlbnQ=", "cGFydHktY2FsbGVy", "cGFydHktdHJhbnNmZXI="),
                    merged.participants().stream().map(p -> p.id().value()).toList(), "the joining participant merged");
            var newcomer = merged.participant(new org.siprec.metadata.MetadataId("cGFydHktdHJhbnNmZXI=")).orElseThrow();
            assertEquals("sip:+15551230003@as.broadworks.example.net", newcomer.nameIds().get(0).aor());
            assertEquals(List.of("c3RyZWFtLTE="), merged.streamsSentBy(newcomer.id()).stream().map(m -> m.value()).toList(),
                    "what the newcomer sends");
            var left = merged.participantSessionAssocs().stream()
                    .filter(a -> a.participantId().value().equals("cGFydHktYWdlbnQ=")).findFirst().orElseThrow();
            assertEquals(java.time.Instant.parse("2026-12-02T10:02:00Z"), left.disassociateTime(), "the agent left");
            var stays = merged.participantSessionAssocs().stream()
                    .filter(a -> a.participantId().value().equals("cGFydHktY2FsbGVy")).findFirst().orElseThrow();
            assertEquals(null, stays.disassociateTime(), "the caller stays");
            assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
        }
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                e -> e != null && e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state());
        assertEquals(3, entry.metadata().size(), "INVITE, re-INVITE and UPDATE metadata, each stored");
        assertEquals(List.of("sip:+15551230001@as.broadworks.example.net", "tel:+15559870002",
                "sip:+15551230003@as.broadworks.example.net"),
                entry.participants().stream().map(CatalogEntry.Party::aor).toList());
    }

    /**
     * Codecs other than G.711 (issue 11: kept as raw RTP with the rtpmap): the reference form offering G.722 (static
     * 9, RFC 3551, rtpmap clock 8000) and Opus (dynamic 111, RFC 7587, 48000/2) is answered 200 with those payload
     * types, and each stream's packets are kept as received in a raw dump whose header names the codec, payload type
     * and clock of the offer's rtpmap; no WAV channel is made of them.
     */
    @Test
    void streamsInOtherCodecsAreKeptAsRawRtpWithTheirRtpmap() throws Exception {
        RsInviteForm form = RsInviteForm.load("rfc7866-basic.sip");
        String callId = "corpus-codecs-" + System.nanoTime();
        try (RawSrc src = new RawSrc(SIP)) {
            String invite = form.message(SIP, src.port(), callId)
                    .replace("m=audio 40000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000", "m=audio 40000 RTP/AVP 9\r\na=rtpmap:9 G722/8000")
                    .replace("m=audio 40002 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000", "m=audio 40002 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2");
            assertTrue(invite.contains("G722/8000") && invite.contains("opus/48000/2"), "the offer was rewritten");
            String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok), ok);
            assertTrue(ok.contains("m=audio ") && ok.contains(" RTP/AVP 9\r\n") && ok.contains(" RTP/AVP 111\r\n"),
                    "answered with the offered payload types:\n" + ok);
            src.ack(invite, ok);
            List<Integer> ports = RawSrc.answeredPorts(ok);
            src.rtp(ports.get(0), 12, 0x7220001L, 9);
            src.rtp(ports.get(1), 7, 0x0905001L, 111);
            assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
        }
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                e -> e != null && e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state());
        Map<String, String> headers = new java.util.TreeMap<>();
        for (CatalogEntry.MediaStream m : entry.streams()) {
            assertTrue(m.raw(), "kept raw: " + m);
            assertNotNull(m.file(), m.toString());
            byte[] dump = Files.readAllBytes(m.file());
            String header = new String(dump, 0, Math.max(0, indexOf(dump, (byte) '\n')), StandardCharsets.US_ASCII);
            // encoding names are case-insensitive (RFC 4566 section 6): the SRS writes them upper case
            headers.put(m.label(), header.toLowerCase(java.util.Locale.ROOT));
            assertEquals("1".equals(m.label()) ? 12 : 7, m.packets(), "every packet counted: " + m);
        }
        assertTrue(headers.get("1").startsWith("siprec-rtpdump/1 label=1 codec=g722 pt=9 clock=8000 "), headers.toString());
        assertTrue(headers.get("2").startsWith("siprec-rtpdump/1 label=2 codec=opus pt=111 clock=48000 "), headers.toString());
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static final String CAROL_JOINS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <recording xmlns="urn:ietf:params:xml:ns:recording:1">
              <datamode>partial</datamode>
              <participant participant_id="Y2Fyb2wtcGFydHk=">
                <nameID aor="sip:carol@chicago.example.com"><name>Carol</name></nameID>
              </participant>
              <participantsessionassoc participant_id="Y2Fyb2wtcGFydHk=" session_id="hVpd7YQgRW2nD22h7q60JQ==">
                <associate-time>2026-12-02T10:01:00Z</associate-time>
              </participantsessionassoc>
              <participantstreamassoc participant_id="Y2Fyb2wtcGFydHk=">
                <send>i1Pz3to5hGk8fuXl+PbwCw==</send><recv>UAAMm5GRQKSCMVvLyl4rFw==</recv>
              </participantstreamassoc>
            </recording>
            """;

    /** A re-offer of the two streams of rfc7866-basic.sip, with the given attribute lines; metadata if not null. */
    private static String reOffer(String stream1, String stream2, int port2, String metadata) {
        String sdp = ("v=0\no=src 2890844526 2890844527 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
                + "m=audio 40000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=label:1\n" + stream1 + "\n"
                + "m=audio " + port2 + " RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=label:2\n" + stream2 + "\n");
        String body = "--rs-boundary\nContent-Type: application/sdp\n\n" + sdp
                + (metadata == null ? "" : "--rs-boundary\nContent-Type: application/rs-metadata+xml\n"
                        + "Content-Disposition: recording-session\n\n" + metadata)
                + "--rs-boundary--\n";
        return body.replace("\n", "\r\n");
    }

    /** The i-th m= section of the SDP in a response. */
    private static String section(String response, int i) {
        String[] sections = response.split("(?m)^(?=m=)");
        return sections[i + 1];
    }
}
