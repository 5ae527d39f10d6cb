package org.siprec.src.b2bua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.FeatureCodes;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.store.RecordingRecord;

/**
 * DTMF feature codes on real sockets: a SIPp caller ({@code uac_dtmf.xml}) sends G.711 and, as RFC 4733
 * telephone-events (sip-tester's {@code dtmf_2833_*.pcap}), {@code *1} after 1.5 s and {@code *2} 2.4 s later; a SIPp
 * callee ({@code uas_rtp.xml}) answers with telephone-event; a SIPp SRS ({@code srs_ondemand.xml}) accepts an RS and
 * expects its BYE; the SRS's media ports are the test's own UDP sockets. The codes in force come from the served
 * user (the callee) in a subscriber directory held in memory by the test, over the SRC's configured defaults.
 */
class RecordingDtmfSippTest {
    private static final int SIP = 26360;
    private static final int SRS_SIP = 26396;
    private static final int SRS_PORT1 = 33500;
    private static final int SRS_PORT2 = 33502;
    /** A copy sent just before the stop took effect may still be on its way (one packet interval). */
    private static final long IN_FLIGHT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final SippFixture sipp = new SippFixture();
    private LoopbackPlatform platform;
    private volatile Decision decision = Decision.skip("test: not chosen");
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Map<String, Long> auditNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> lookedUp = new CopyOnWriteArrayList<>();
    private RtpCounter label1;
    private RtpCounter label2;

    private void platform(Map<String, Object> src, Company company, Subscriber user) throws Exception {
        SippFixture.requirePcap();
        platform = new LoopbackPlatform(SIP, 33000, src, 50);
        RecordingPolicy policy = session -> decision;
        platform.policies.bindPolicy(policy, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(SippFixture.srs("sip:srs@127.0.0.1:" + SRS_SIP), Map.of("service.id", 2L));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> {
            auditNanos.putIfAbsent(event, System.nanoTime());
            audit.add(event + ": " + detail);
        });
        platform.reporter.bindRecordingStore(records::add);
        platform.b2bua.bindDirectory(new OneUserDirectory(company, user));
        label1 = new RtpCounter(SRS_PORT1);
        label2 = new RtpCounter(SRS_PORT2);
    }

    @AfterEach
    void stop() {
        sipp.close();
        if (label1 != null) {
            label1.close();
            label2.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theCallerStartsAndStopsARecordingWithTheCodesOfTheServedUsersCompany() throws Exception {
        platform(Map.of(), acme("start=*1,stop=*2"), alice(FeatureCodes.INHERIT));
        Process srs = srs();
        Call call = dtmfCall();

        await().atMost(Duration.ofSeconds(8)).until(() -> auditNanos.containsKey("recording.started"));
        assertTrue(lookedUp.stream().anyMatch(a -> a.contains("callee@")), "the served user (callee) was looked up: " + lookedUp);
        await().atMost(Duration.ofSeconds(3)).until(() -> label1.count() >= 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> auditNanos.containsKey("recording.stopped"));
        long stopped = auditNanos.get("recording.stopped");
        assertEquals(0, SippFixture.waitFor(srs), "the SRS got a complete RS INVITE, then the BYE: " + SippFixture.errors("srs-dtmf"));
        assertFalse(platform.calls.activeCalls().isEmpty(), "the call goes on after the recording stopped");
        assertTrue(SippFixture.messages("srs-dtmf").contains("on demand by dtmf:caller"),
                "the metadata's decision says who started it: " + SippFixture.messages("srs-dtmf"));
        // the caller still sends 2 s of audio after *2: not one copy may reach the SRS
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2))
                .until(() -> label1.after(stopped + IN_FLIGHT_NANOS) + label2.after(stopped + IN_FLIGHT_NANOS) == 0);

        call.assertEnds();
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertTrue(records.get(0).decision().startsWith("RECORD (on demand by dtmf:caller); policies: test-policy=SKIP"),
                records.get(0).decision());
        assertEquals("completed", records.get(0).outcome());
        assertEquals(List.of("decision", "decision", "recording.started", "recording.stopped"), events(), audit.toString());
        assertTrue(audit.get(2).contains("on demand by dtmf:caller") && audit.get(3).contains("on demand by dtmf:caller"),
                audit.toString());
    }

    @Test
    void aUserWhoseCodesAreOffGetsNothingFromTheConfiguredDefaults() throws Exception {
        platform(Map.of("record.start.dtmf", "*1", "record.stop.dtmf", "*2"), acme(""), alice(FeatureCodes.parse("off")));
        Call call = dtmfCall(); // no SRS runs: a start would be audited recording.failed

        call.assertEnds();
        assertEquals(List.of("decision"), events(), "nothing was started: " + audit);
        assertEquals(0, label1.count() + label2.count(), "nothing reached an SRS");
        assertTrue(lookedUp.stream().anyMatch(a -> a.contains("callee@")), "the served user (callee) was looked up: " + lookedUp);
    }

    @Test
    void theStopCodeCannotStopAMandatoryRecording() throws Exception {
        decision = new Decision(Decision.Verdict.RECORD, "test: the law", true, Optional.empty());
        platform(Map.of(), acme("start=*1,stop=*2"), alice(FeatureCodes.INHERIT));
        Process srs = srs();
        Call call = dtmfCall();

        await().atMost(Duration.ofSeconds(8)).until(() -> audit.stream().anyMatch(a -> a.startsWith("recording.stopped")));
        long refused = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).until(() -> label1.after(refused) >= 10); // still recorded

        call.assertEnds();
        assertEquals(0, SippFixture.waitFor(srs), "the SRS got the BYE only when the call ended: " + SippFixture.errors("srs-dtmf"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals(List.of("decision", "recording.started", "recording.stopped", "recording.stopped"), events(),
                "*1 (start) is ignored on a recorded call, *2 (stop) refused: " + audit);
        assertTrue(audit.get(2).contains("stop by dtmf:caller refused: recording is mandatory (test-policy: test: the law)"),
                audit.toString());
        assertEquals("completed", records.get(0).outcome());
    }

    private static Company acme(String codes) {
        return Company.of("acme", "ACME", ZoneId.of("Europe/Paris"), "33").withFeatureCodes(FeatureCodes.parse(codes));
    }

    private static Subscriber alice(FeatureCodes codes) {
        return Subscriber.of("alice", "acme", "Alice", RecordingProfile.BOTH).withFeatureCodes(codes);
    }

    private Process srs() throws Exception {
        return sipp.sipp("srs-dtmf", "-sf", SippFixture.scenario("srs_ondemand.xml"), "-key", "port1", Integer.toString(SRS_PORT1),
                "-key", "port2", Integer.toString(SRS_PORT2), "-i", "127.0.0.1", "-p", Integer.toString(SRS_SIP), "-m", "1");
    }

    /** The caller and callee of one call, the caller sending audio, *1, *2, audio, then BYE (about 6.5 s). */
    private record Call(Process caller, Process callee, LoopbackPlatform platform) {
        void assertEnds() throws Exception {
            assertEquals(0, SippFixture.waitFor(caller), "the caller's call succeeded: " + SippFixture.errors("uac-dtmf"));
            assertEquals(0, SippFixture.waitFor(callee), "the callee's call succeeded: " + SippFixture.errors("uas-dtmf"));
            await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
        }
    }

    private Call dtmfCall() throws Exception {
        Process callee = sipp.sipp("uas-dtmf", "-sf", SippFixture.scenario("uas_rtp.xml"), "-key", "pcap", SippFixture.PCAP,
                "-i", "127.0.0.1", "-p", "26370", "-mi", "127.0.0.1", "-mp", "33600", "-m", "1");
        Process caller = sipp.sipp("uac-dtmf", "-sf", SippFixture.scenario("uac_dtmf.xml"), "-key", "dest", "127.0.0.1:26370",
                "-key", "pcap", SippFixture.PCAP, "-s", "callee", "-i", "127.0.0.1", "-p", "26380", "-mi", "127.0.0.1",
                "-mp", "33610", "-m", "1", "127.0.0.1:" + SIP);
        return new Call(caller, callee, platform);
    }

    private List<String> events() {
        return audit.stream().map(a -> a.substring(0, a.indexOf(':'))).toList();
    }

    /** A directory of one company and one user, who owns every address with the user part {@code callee}. */
    private final class OneUserDirectory implements SubscriberDirectory {
        private final Company company;
        private final Subscriber user;

        OneUserDirectory(Company company, Subscriber user) {
            this.company = company;
            this.user = user;
        }

        @Override
        public Optional<Subscriber> subscriber(String address) {
            lookedUp.add(address);
            return address.contains("callee@") ? Optional.of(user) : Optional.empty();
        }

        @Override
        public Optional<Subscriber> subscriber(String address, Optional<Company> context) {
            return subscriber(address);
        }

        @Override
        public Optional<Company> company(String companyId) {
            return company.id().equals(companyId) ? Optional.of(company) : Optional.empty();
        }

        @Override
        public boolean operatorWhitelisted(String address) {
            return false;
        }

        @Override
        public Set<String> operatorWhitelist() {
            return Set.of();
        }

        @Override
        public Optional<String> normalise(String address, Optional<Company> context) {
            return Optional.empty();
        }

        @Override
        public long revision() {
            return 1;
        }
    }
}
