package org.siprec.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.compliance.AuditSink;
import org.siprec.api.event.EventForwarder;
import org.siprec.api.media.MediaDirection;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.media.PacketCounts;
import org.siprec.api.ops.CallMonitor;
import org.siprec.api.ops.MetricsSample;
import org.siprec.api.ops.PolicyEvaluator;
import org.siprec.api.ops.PolicyStatistics;
import org.siprec.api.ops.SrsGroupMonitor;
import org.siprec.api.store.RecordingRecord;
import org.siprec.api.store.RecordingStore;

/**
 * The platform's metrics in a Micrometer Prometheus registry (names: docs/operations.md). Two sources:
 * <ul>
 * <li>the operational views the core and plugins already offer ({@link CallMonitor}, {@link PolicyEvaluator},
 * {@link SrsGroupMonitor}, {@link MediaMirror}), read once per scrape ({@link #scrape()});</li>
 * <li>the SRC's audit trail and recording records: this component is an {@link AuditSink} and a
 * {@link RecordingStore}, so it sees every recording start, move and end on the SRC's reporter thread, never on a
 * call's signalling thread.</li>
 * </ul>
 * The JVM's memory, GC, threads, class loading, CPU and uptime come from Micrometer's binders.
 */
@Component(service = {PlatformMetrics.class, AuditSink.class, RecordingStore.class}, immediate = true)
public class PlatformMetrics implements AuditSink, RecordingStore {
    static final String NONE = "none";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CallMonitor calls;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PolicyEvaluator policies;
    /** The mirror the SRC's media.target selects (not simply the highest-ranked one). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SelectedMirror mirror;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<SrsGroupMonitor> srsGroups;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<EventForwarder> eventForwarders;

    /**
     * Recordings accepted by an SRS and not ended yet, by {@link #recordingKey A-leg Call-ID and SRS} (a call may hold
     * several recordings, one per SRS group), to their SRS.
     */
    private final Map<String, String> activeRecordings = new ConcurrentHashMap<>();
    /** When an SRS first accepted each call's recording, until the call's record arrives (set-up latency). */
    private final Map<String, Instant> firstAccepted = new ConcurrentHashMap<>();
    private final Timer setup = Timer.builder("siprec.recording.setup")
            .description("time from the call's answer to the first SRS accepting its recording session (includes an"
                    + " announcement's playing time and SRS fail-over)")
            .serviceLevelObjectives(millis(10), millis(25), millis(50), millis(100), millis(250), millis(500),
                    millis(1000), millis(2500), millis(5000), millis(10_000), millis(30_000))
            .register(registry);

    private final LabelledValues callsActive = LabelledValues.gauge("siprec.calls.active", "calls in progress", null);
    private final LabelledValues callsStarted = LabelledValues.counter("siprec.calls.started", "calls accepted for set-up (INVITEs that became calls)");
    private final LabelledValues callsEnded = LabelledValues.counter("siprec.calls.ended", "calls ended, by outcome (answered, unanswered)");
    private final LabelledValues callsShed = LabelledValues.counter("siprec.calls.shed",
            "new calls refused with 503 + Retry-After by overload control before anything was committed to them, by reason (overload, rate, calls)");
    private final LabelledValues callsReleased = LabelledValues.counter("siprec.calls.released",
            "answered calls the platform itself ended, by reason (mandatory-recording-failed: their mandatory recording"
            + " failed at the answer, or no SRS took it back within mandatory.grace.seconds)");
    private final LabelledValues callQueueDelay = LabelledValues.gauge("siprec.call.queue.delay",
            "how long work waits in the SRC's call threads now (overload control's signal)", "seconds");
    private final LabelledValues rejected = LabelledValues.counter("siprec.sip.requests.rejected",
            "SIP requests refused or dropped before reaching a call, by reason (untrusted, rate-limited, malformed) and detail (the siprec:status counter)");
    private final LabelledValues mediaSessions = LabelledValues.gauge("siprec.media.sessions", "open media sessions of the relay", null);
    private final LabelledValues mediaPortsFree = LabelledValues.gauge("siprec.media.ports.free", "free ports in the relay's port pool", null);
    private final LabelledValues mediaRejected = LabelledValues.counter("siprec.media.packets.rejected",
            "media packets dropped because their source was not the one signalled or latched to");
    private final LabelledValues mediaReceived = LabelledValues.counter("siprec.media.packets.received",
            "RTP packets the media mirror accepted, by direction (caller: from the caller, callee: from the callee,"
            + " srs: handed to the copies to the SRSs)");
    private final LabelledValues mediaSent = LabelledValues.counter("siprec.media.packets.sent",
            "RTP packets the media mirror sent on, by direction (caller: to the callee, callee: to the caller,"
            + " srs: copies to the SRSs)");
    private final LabelledValues mediaDropped = LabelledValues.counter("siprec.media.packets.dropped",
            "RTP packets accepted but not sent on (no address for the other party yet, held, socket full), by direction");
    private final LabelledValues mediaLost = LabelledValues.counter("siprec.media.packets.lost",
            "RTP packets a party sent that never reached the media mirror (gaps in sequence numbers), by direction");
    private final LabelledValues eventsDelivered = LabelledValues.counter("siprec.events.delivered",
            "recording events a forwarding plugin delivered (to each receiver), by forwarder");
    private final LabelledValues eventsRetried = LabelledValues.counter("siprec.events.retried",
            "further delivery attempts after a failed one, by forwarder");
    private final LabelledValues eventsDropped = LabelledValues.counter("siprec.events.dropped",
            "recording events never attempted (the forwarder's queue was full, or still queued when it was reconfigured"
            + " or stopped), by forwarder");
    private final LabelledValues eventsFailed = LabelledValues.counter("siprec.events.failed",
            "recording events given up after the last retry, by forwarder");
    private final LabelledValues eventsQueued = LabelledValues.gauge("siprec.events.queued",
            "recording events waiting to be sent now, by forwarder", null);
    private final LabelledValues policyDecisions = LabelledValues.counter("siprec.policy.decisions",
            "answers of each recording policy, by policy and result (record, skip, abstain)");
    private final LabelledValues policyFailures = LabelledValues.counter("siprec.policy.failures",
            "policy answers replaced by ABSTAIN, by policy and kind (error, timeout)");
    private final LabelledValues policyMean = LabelledValues.gauge("siprec.policy.evaluation.mean",
            "mean time a policy took to answer since it was bound", "seconds");
    private final LabelledValues policyMax = LabelledValues.gauge("siprec.policy.evaluation.max",
            "longest time a policy took to answer since it was bound", "seconds");
    private final LabelledValues srsUp = LabelledValues.gauge("siprec.srs.up", "1 when the SRS answers OPTIONS probes (state up), else 0", null);
    private final LabelledValues srsState = LabelledValues.gauge("siprec.srs.state",
            "1 for the SRS's current probe state (up, down, unknown: not probed), 0 for the others", null);
    private final LabelledValues srsSessions = LabelledValues.counter("siprec.srs.recording.sessions",
            "recording sessions offered to each SRS, by result (accepted, refused, unreachable)");

    public PlatformMetrics() {
        // names promtool's lint refuses (an abbreviated unit; "_count" on a gauge): the CPU time is left out (its
        // rate is process_cpu_usage), the CPU count renamed
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("siprec.recordings.active", activeRecordings, Map::size)
                .description("recordings accepted by an SRS and not ended yet").register(registry);
    }

    /** For tests outside OSGi: the event forwarders DS would bind. */
    void bindEventForwarders(List<EventForwarder> forwarders) {
        this.eventForwarders = forwarders;
    }

    /** For tests outside OSGi: the media mirror DS would bind. */
    void bindMedia(SelectedMirror selected) {
        this.mirror = selected;
    }

    /** For tests outside OSGi: the views DS would bind. */
    void bindViews(CallMonitor callMonitor, List<SrsGroupMonitor> groups) {
        this.calls = callMonitor;
        this.srsGroups = groups;
    }

    @Deactivate
    void deactivate() {
        gc.close();
        registry.close();
    }

    /** The Prometheus text exposition (format 0.0.4) of every metric, the platform's views read now. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /**
     * The values of the meters behind the operations page ({@link MetricsSample}), the platform's views read now:
     * the same numbers a scrape at this instant would show, summed over the labels the sample leaves out.
     */
    synchronized MetricsSample sample(Instant now) {
        refresh();
        Map<String, Long> failed = new TreeMap<>();
        for (Meter meter : registry.find("siprec.recordings.failed").meters()) {
            failed.merge(String.valueOf(meter.getId().getTag("reason")), Math.round(total(meter)), Long::sum);
        }
        Map<String, String> srs = new TreeMap<>();
        for (Meter meter : registry.find("siprec.srs.state").meters()) {
            if (total(meter) == 1.0) {
                srs.put(meter.getId().getTag("srs"), meter.getId().getTag("state"));
            }
        }
        return new MetricsSample(now, sum("siprec.calls.started"), sum("siprec.calls.active"),
                sum("siprec.recordings.started"), sum("siprec.recordings.completed"), sum("siprec.recordings.active"),
                failed, srs, byTag("siprec.calls.shed", "reason"), byTag("siprec.sip.requests.rejected", "reason"));
    }

    /** A metric's series summed per value of one label. */
    private Map<String, Long> byTag(String name, String tag) {
        Map<String, Long> values = new TreeMap<>();
        for (Meter meter : registry.find(name).meters()) {
            values.merge(String.valueOf(meter.getId().getTag(tag)), Math.round(total(meter)), Long::sum);
        }
        return values;
    }

    private long sum(String name) {
        double sum = 0;
        for (Meter meter : registry.find(name).meters()) {
            sum += total(meter);
        }
        return Math.round(sum);
    }

    /** A counter's count or a gauge's value (the one measurement of either; NaN, a gauge with no source, is 0). */
    private static double total(Meter meter) {
        double value = 0;
        for (Measurement m : meter.measure()) {
            if (!Double.isNaN(m.getValue())) {
                value += m.getValue();
            }
        }
        return value;
    }

    /** Reads the platform's views once and hands their values to the meters. */
    synchronized void refresh() {
        CallMonitor c = calls;
        Map<String, String> status = c == null ? Map.of() : c.status();
        callsActive.update(registry, one(status, "calls.active"));
        callsStarted.update(registry, one(status, "calls.total"));
        Map<Tags, Double> ended = new HashMap<>();
        putIf(ended, Tags.of("outcome", "answered"), status.get("calls.answered"));
        putIf(ended, Tags.of("outcome", "unanswered"), status.get("calls.unanswered"));
        callsEnded.update(registry, ended);
        Map<Tags, Double> shed = new HashMap<>();
        status.forEach((key, value) -> {
            if (key.startsWith("calls.shed.")) {
                putIf(shed, Tags.of("reason", key.substring("calls.shed.".length())), value);
            }
        });
        callsShed.update(registry, shed);
        Map<Tags, Double> released = new HashMap<>();
        putIf(released, Tags.of("reason", "mandatory-recording-failed"), status.get("calls.released.mandatory"));
        callsReleased.update(registry, released);
        Map<Tags, Double> delay = new HashMap<>();
        putIf(delay, Tags.empty(), status.get("calls.queue.delay.ms"));
        delay.replaceAll((tags, ms) -> ms / 1000);
        callQueueDelay.update(registry, delay);

        Map<Tags, Double> refused = new HashMap<>();
        putIf(refused, Tags.of("reason", "untrusted", "detail", "requests.untrusted"), status.get("requests.untrusted"));
        status.forEach((key, value) -> {
            if (key.startsWith("sip.door.")) {
                String counter = key.substring("sip.door.".length());
                putIf(refused, Tags.of("reason", RecordingOutcomes.rejectReason(counter), "detail", key), value);
            }
        });
        rejected.update(registry, refused);

        SelectedMirror selected = mirror;
        MediaMirror m = selected == null ? null : selected.current();
        mediaSessions.update(registry, m == null ? Map.of() : Map.of(Tags.empty(), (double) m.openSessions()));
        mediaPortsFree.update(registry, m == null ? Map.of() : Map.of(Tags.empty(), (double) m.freePorts()));
        mediaRejected.update(registry, m == null ? Map.of() : Map.of(Tags.empty(), (double) m.packetsRejected()));
        refreshMediaDirections(m);

        refreshPolicies();
        refreshSrs();
        refreshEventForwarders();
    }

    /** Each forwarding plugin's counts ({@link EventForwarder}); a plugin removed takes its series with it. */
    private void refreshEventForwarders() {
        List<EventForwarder> forwarders = eventForwarders;
        Map<Tags, Double> delivered = new HashMap<>();
        Map<Tags, Double> retried = new HashMap<>();
        Map<Tags, Double> dropped = new HashMap<>();
        Map<Tags, Double> failed = new HashMap<>();
        Map<Tags, Double> queued = new HashMap<>();
        for (EventForwarder forwarder : forwarders == null ? List.<EventForwarder>of() : forwarders) {
            EventForwarder.Counts c;
            try {
                c = forwarder.counts();
            } catch (RuntimeException e) {
                continue; // a plugin that fails costs its own series, not the scrape
            }
            Tags tags = Tags.of("forwarder", forwarder.name());
            delivered.merge(tags, (double) c.delivered(), Double::sum);
            retried.merge(tags, (double) c.retried(), Double::sum);
            dropped.merge(tags, (double) c.dropped(), Double::sum);
            failed.merge(tags, (double) c.failed(), Double::sum);
            queued.merge(tags, (double) c.queued(), Double::sum);
        }
        eventsDelivered.update(registry, delivered);
        eventsRetried.update(registry, retried);
        eventsDropped.update(registry, dropped);
        eventsFailed.update(registry, failed);
        eventsQueued.update(registry, queued);
    }

    /** Per direction; an engine that does not count (its {@code packetCounts} empty) gets no series at all. */
    private void refreshMediaDirections(MediaMirror m) {
        Map<Tags, Double> received = new HashMap<>();
        Map<Tags, Double> sent = new HashMap<>();
        Map<Tags, Double> dropped = new HashMap<>();
        Map<Tags, Double> lost = new HashMap<>();
        for (MediaDirection direction : MediaDirection.values()) {
            Optional<PacketCounts> counts = m == null ? Optional.empty() : m.packetCounts(direction);
            if (counts.isEmpty()) {
                continue;
            }
            Tags tags = Tags.of("direction", direction.label());
            received.put(tags, (double) counts.get().received());
            sent.put(tags, (double) counts.get().sent());
            dropped.put(tags, (double) counts.get().dropped());
            if (direction != MediaDirection.SRS) {
                lost.put(tags, (double) counts.get().lost()); // what the SRS did not get, only the SRS knows
            }
        }
        mediaReceived.update(registry, received);
        mediaSent.update(registry, sent);
        mediaDropped.update(registry, dropped);
        mediaLost.update(registry, lost);
    }

    private void refreshPolicies() {
        PolicyEvaluator p = policies;
        List<PolicyStatistics> stats = p == null ? List.of() : p.policies();
        Map<Tags, Double> decisions = new HashMap<>();
        Map<Tags, Double> failures = new HashMap<>();
        Map<Tags, Double> mean = new HashMap<>();
        Map<Tags, Double> max = new HashMap<>();
        for (PolicyStatistics s : stats) {
            decisions.put(Tags.of("policy", s.policy(), "result", "record"), (double) s.record());
            decisions.put(Tags.of("policy", s.policy(), "result", "skip"), (double) s.skip());
            decisions.put(Tags.of("policy", s.policy(), "result", "abstain"), (double) s.abstain());
            failures.put(Tags.of("policy", s.policy(), "kind", "error"), (double) s.errors());
            failures.put(Tags.of("policy", s.policy(), "kind", "timeout"), (double) s.timeouts());
            mean.put(Tags.of("policy", s.policy()), s.meanTime().toNanos() / 1e9);
            max.put(Tags.of("policy", s.policy()), s.maxTime().toNanos() / 1e9);
        }
        policyDecisions.update(registry, decisions);
        policyFailures.update(registry, failures);
        policyMean.update(registry, mean);
        policyMax.update(registry, max);
    }

    private void refreshSrs() {
        List<SrsGroupMonitor> groups = srsGroups;
        Map<Tags, Double> up = new HashMap<>();
        Map<Tags, Double> state = new HashMap<>();
        Map<Tags, Double> sessions = new HashMap<>();
        for (SrsGroupMonitor group : groups == null ? List.<SrsGroupMonitor>of() : groups) {
            for (SrsGroupMonitor.SrsStatus s : group.members()) {
                up.put(Tags.of("srs", s.uri()), "up".equals(s.state()) ? 1.0 : 0.0);
                for (String st : List.of("up", "down", "unknown")) {
                    state.put(Tags.of("srs", s.uri(), "state", st), st.equals(s.state()) ? 1.0 : 0.0);
                }
                sessions.put(Tags.of("srs", s.uri(), "result", "accepted"), (double) s.accepted());
                sessions.put(Tags.of("srs", s.uri(), "result", "refused"), (double) s.refused());
                sessions.put(Tags.of("srs", s.uri(), "result", "unreachable"), (double) s.unreachable());
            }
        }
        srsUp.update(registry, up);
        srsState.update(registry, state);
        srsSessions.update(registry, sessions);
    }

    private static Map<Tags, Double> one(Map<String, String> status, String key) {
        Map<Tags, Double> m = new HashMap<>();
        putIf(m, Tags.empty(), status.get(key));
        return m;
    }

    private static void putIf(Map<Tags, Double> m, Tags tags, String value) {
        if (value == null) {
            return;
        }
        try {
            m.put(tags, Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            // a status entry that is not a number (a setting): not a metric
        }
    }

    // ------------------------------------------------------------------ AuditSink, RecordingStore (reporter thread)

    @Override
    public void event(Instant time, String callId, String event, String detail) {
        switch (event) {
            case AuditSink.DECISION -> {
                // a start on demand (shell, portal, DTMF) is audited as a further decision "RECORD (on demand by ...)":
                // not a decision at set-up, so not counted (its recording is counted as started like any other)
                if (!detail.contains("(on demand by ")) {
                    count("siprec.recording.decisions", "combined recording decisions at call set-up (record, skip)",
                            "decision", RecordingOutcomes.decision(detail));
                }
            }
            case AuditSink.STARTED -> {
                // the detail is the SRS URI, then "; srs group <g>" and/or "; on demand by <actor>": the label is the URI
                int end = detail.indexOf(';');
                String uri = (end < 0 ? detail : detail.substring(0, end)).trim();
                String srs = uri.isEmpty() ? NONE : uri;
                activeRecordings.put(recordingKey(callId, srs), srs);
                firstAccepted.putIfAbsent(callId, time);
                count("siprec.recordings.started", "recording sessions accepted by an SRS, by SRS", "srs", srs);
            }
            case AuditSink.STOPPED -> {
                if (detail.contains("; " + RecordingOutcomes.MAX_DURATION + " ")) {
                    count("siprec.recordings.stopped", "recordings stopped by the platform while the call went on, by reason"
                            + " (max-duration: the recording reached its maximum duration)", "reason", RecordingOutcomes.MAX_DURATION);
                }
            }
            case AuditSink.FAILED -> {
                if (detail.startsWith(RecordingOutcomes.COMPANY_LIMIT)) {
                    // at set-up or on a start on demand: a record follows only the former, so counted here
                    count("siprec.recordings.refused", "recordings not started because a limit refused them, by reason"
                            + " (company-limit: the company's concurrent recordings)", "reason", RecordingOutcomes.COMPANY_LIMIT);
                    return;
                }
                // the SRS of a running recording was lost and the next one is tried (CallRecorder.lost): not active
                // until another accepts. A final failure is counted from the record that follows.
                String lost = detail.trim().split("\\s+", 2)[0];
                String srs = activeRecordings.remove(recordingKey(callId, lost));
                if (srs != null && detail.contains("trying the next SRS")) {
                    count("siprec.recordings.moved", "recordings whose SRS was lost mid-call (the next SRS is tried), by the SRS lost", "srs", srs);
                }
            }
            default -> {
                // paused, resumed, announcement.unavailable: the record that follows says how it ended
            }
        }
    }

    @Override
    public void save(RecordingRecord record) {
        activeRecordings.remove(recordingKey(record.callId(), record.srsUri().orElse(NONE)));
        Instant accepted = firstAccepted.remove(record.callId());
        if (accepted != null && !accepted.isBefore(record.start())) {
            setup.record(java.time.Duration.between(record.start(), accepted));
        }
        String srs = record.srsUri().orElse(NONE);
        if (RecordingOutcomes.refused(record.outcome())) {
            return; // never started: counted as refused from its audit event
        }
        if (RecordingOutcomes.completed(record.outcome())) {
            count("siprec.recordings.completed", "recordings that ended with their call, by SRS", "srs", srs);
        } else {
            count("siprec.recordings.failed", "recordings that could not be set up or were lost, by SRS (none: no SRS"
                    + " accepted) and reason", "srs", srs, "reason", RecordingOutcomes.failureReason(record.outcome()));
        }
    }

    /** One recording of a call: its SRS (a call records to a group once, and a group's SRSs one after the other). */
    private static String recordingKey(String callId, String srs) {
        return callId + " " + srs;
    }

    private static java.time.Duration millis(long ms) {
        return java.time.Duration.ofMillis(ms);
    }

    private void count(String name, String description, String... tags) {
        Counter.builder(name).description(description).tags(tags).register(registry).increment();
    }
}
