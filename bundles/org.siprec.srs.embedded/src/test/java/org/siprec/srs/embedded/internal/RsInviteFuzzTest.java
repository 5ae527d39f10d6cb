package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.testsupport.Configs;
import org.siprec.testsupport.fuzz.Gen;
import org.siprec.testsupport.fuzz.Mutation;
import org.siprec.testsupport.fuzz.Tries;

/**
 * Random mutations of valid RS INVITEs from the corpus (RFC 7866 form and the BroadWorks draft form), sent over UDP
 * to the embedded SRS (SIP port 35690, media 35700-35899):
 * <ul>
 * <li>body mutations (truncations, changed/removed/duplicated lines: broken multipart, broken SDP, broken XML) with
 * a Content-Length that matches: always a final response, never a 500 "internal error" (that is what an exception
 * in the SRS becomes);</li>
 * <li>header mutations (missing, duplicated, swapped, truncated or garbled headers, mandatory ones included): a final
 * response or none (the stack drops what it cannot parse or answer), never an internal error;</li>
 * <li>afterwards a valid RS INVITE still records and every receive port is free again (the SRS keeps serving).</li>
 * </ul>
 * Every property is seeded ({@link Tries}), so a run is repeatable.
 */
class RsInviteFuzzTest {
    static final int SIP = 35690;
    private static final String INTERNAL_ERROR = "internal error";
    private static ExtraSipEndpoint endpoint;
    private static EmbeddedSrs srs;
    private static int freeAtStart;

    @BeforeAll
    static void start() throws Exception {
        Path recordings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fuzz-recordings-");
        endpoint = new ExtraSipEndpoint();
        // T1 100 ms: a 200 the mutated Via sends elsewhere is never acknowledged; its dialog ends on the stack's
        // T1-scaled timeout, about 15 s instead of 40 s with the default 500 ms, which the after-all check waits out
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SIP,
                "tcp.port", SIP, "thread.pool.size", 4, "t1.ms", 100)));
        srs = new EmbeddedSrs(endpoint, Configs.of(SrsConfig.class, Map.of("recordings.dir", recordings.toString(),
                "port.min", 35700, "port.max", 35899)));
        endpoint.attach(srs);
        freeAtStart = srs.freePortPairs();
    }

    /** The SRS still serves: a valid RS INVITE records, and nothing the fuzzing opened is left open. */
    @AfterAll
    static void stillRecordsAfterwards() throws Exception {
        try {
            RsInviteForm form = RsInviteForm.load("rfc7866-basic.sip");
            String callId = "fuzz-after-" + System.nanoTime();
            try (RawSrc src = new RawSrc(SIP)) {
                String invite = form.message(SIP, src.port(), callId);
                String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
                assertEquals(200, RawSrc.status(ok), ok);
                src.ack(invite, ok);
                src.rtp(RawSrc.answeredPorts(ok).get(0), 10, 0xf022L);
                assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
            }
            CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                    () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                    e -> e != null && e.state() != RecordingState.RECORDING);
            assertEquals(RecordingState.COMPLETED, entry.state());
            assertEquals(10, entry.streams().stream().mapToLong(CatalogEntry.MediaStream::packets).sum());
            await().atMost(Duration.ofSeconds(40)).until(() -> srs.liveSessions() == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> srs.freePortPairs() == freeAtStart);
        } finally {
            srs.deactivate();
            endpoint.deactivate();
        }
    }

    /** A corpus form and the mutations of its body or headers. */
    private record Garbled(String file, List<Mutation> mutations) {
    }

    private static final Gen<Garbled> FORMS_AND_MUTATIONS = Gen.combine(
            Gen.of("rfc7866-basic.sip", "broadworks-draft.sip"), Mutation.some(4), Garbled::new);

    @Test
    void mutatedBodyAlwaysGetsAFinalResponseAndNeverAnInternalError() {
        Tries.forAll(110011, 150, FORMS_AND_MUTATIONS, input -> mutatedBody(input.file(), input.mutations()));
    }

    @Test
    void mutatedHeadersNeverCauseAnInternalError() {
        Tries.forAll(220022, 80, FORMS_AND_MUTATIONS, input -> mutatedHeaders(input.file(), input.mutations()));
    }

    private static void mutatedBody(String file, List<Mutation> mutations) throws Exception {
        RsInviteForm form = RsInviteForm.load(file);
        try (RawSrc src = new RawSrc(SIP, 3000)) {
            String message = form.message(SIP, src.port(), "fuzz-body-" + System.nanoTime());
            int split = message.indexOf("\r\n\r\n") + 4;
            String body = Mutation.apply(message.substring(split), mutations);
            String head = message.substring(0, split).replaceFirst("Content-Length: \\d+",
                    "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length);
            String invite = head + body;
            String response = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertTrue(RawSrc.status(response) >= 200, "a final response to " + mutations + ":\n" + response);
            assertNotInternalError(response, mutations);
            end(src, invite, response);
        }
    }

    private static void mutatedHeaders(String file, List<Mutation> mutations) throws Exception {
        RsInviteForm form = RsInviteForm.load(file);
        try (RawSrc src = new RawSrc(SIP, 1500)) {
            String message = form.message(SIP, src.port(), "fuzz-head-" + System.nanoTime());
            int requestLine = message.indexOf("\r\n") + 2;
            int split = message.indexOf("\r\n\r\n") + 2;
            // the request line is kept so that the datagram is still a request; any header may be garbled
            String headers = Mutation.apply(message.substring(requestLine, split), mutations);
            String invite = message.substring(0, requestLine) + headers + message.substring(split);
            // a request the door drops (e.g. no Via left to answer to) never reaches the SRS: no need to wait 1.5 s
            long droppedBefore = droppedByDoor();
            String response = src.request(invite.getBytes(StandardCharsets.UTF_8), () -> droppedByDoor() > droppedBefore);
            assertNotInternalError(response, mutations);
            end(src, invite, response);
        }
    }

    /** The requests the SRS's door dropped so far, whatever the reason (counters named {@code *.dropped}). */
    private static long droppedByDoor() {
        return endpoint.doorCounters().entrySet().stream().filter(e -> e.getKey().endsWith(".dropped"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static void assertNotInternalError(String response, List<Mutation> mutations) {
        String warning = RawSrc.header(response, "Warning");
        assertTrue(warning == null || !warning.contains(INTERNAL_ERROR), "no exception in the SRS for " + mutations
                + ":\n" + response);
        assertNotEquals(500, RawSrc.status(response), "no 500 for " + mutations + ":\n" + response);
    }

    /**
     * A mutated INVITE that was still recorded is acknowledged and ended, so that its ports come back; the BYE is
     * retransmitted while unanswered, as a real SRC's would be (one lost datagram once left a recording open until
     * the SRS stopped, failing the after-all check).
     */
    private static void end(RawSrc src, String invite, String response) throws Exception {
        if (RawSrc.status(response) == 200) {
            src.ack(invite, response);
            src.inDialogRequestRetransmitted("BYE", invite, response, 4);
        }
    }
}
