package org.siprec.srs.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.ops.SrsGroupMonitor;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.dialog.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured SRS group: picks the SRS of each new recording session by the configured mode (hunt, round-robin,
 * weighted, least-busy), the other usable SRSs following as fall-backs, and watches each SRS's health with SIP
 * OPTIONS sent from its own SIP endpoint {@value #PROBE_ENDPOINT} ({@code etc/org.siprec.sip.endpoint-srsprobe.cfg}):
 * an SRS that misses {@code health.down.threshold} probes in a row is skipped for new calls until it answers
 * {@code health.up.threshold} in a row. Without that endpoint (or with {@code health.interval.ms=0}) nothing is probed
 * and every SRS stays "unknown", i.e. usable.
 * <p>
 * One adapter per SRS group: the configuration {@code org.siprec.srs.sip} is group {@code default}
 * ({@link ConfiguredSrsAdapter}), each factory configuration {@code org.siprec.srs.sip.group-<name>} (file
 * {@code etc/org.siprec.srs.sip.group-<name>.cfg}) one more group named by its {@code srs.group} ({@link GroupSrsAdapter}). The key is published as
 * the service property the SRC selects the group's adapters by. The answers to every group's probes arrive at
 * {@link SrsProbeResponses}, the probe endpoint's one application.
 */
public abstract class SrsGroupAdapter implements SrsAdapter, SrsGroupMonitor, ProbeListener {
    private static final Logger LOG = LoggerFactory.getLogger(SrsGroupAdapter.class);

    /** The name of the SIP endpoint the OPTIONS probes are sent from. */
    public static final String PROBE_ENDPOINT = "srsprobe";
    /** The configuration of the default group; {@code org.siprec.srs.sip.group-<name>} factory configurations add groups. */
    public static final String PID = "org.siprec.srs.sip";
    /**
     * The service property (and configuration key: DS publishes configuration keys as service properties) naming the
     * adapter's SRS group, which the SRC's SRS selector and the policies' {@code srsGroup} refer to.
     */
    public static final String GROUP_PROPERTY = "srs.group";
    public static final String DEFAULT_GROUP = "default";

    @ObjectClassDefinition(name = "siprec SRS adapter: SRS group")
    public @interface Config {
        @AttributeDefinition(description = "The SRS group's name, which policies (Decision.srsGroup) and siprec:record "
                + "start --srs-group name; 'default' for the recordings that name none")
        String srs_group() default DEFAULT_GROUP;

        @AttributeDefinition(description = "SIP URIs of the SRSs, comma-separated, in configuration (hunt) order; e.g. sip:srs@10.0.0.5:5060;transport=tcp")
        String srs_uris() default "sip:srs@127.0.0.1:5090";

        @AttributeDefinition(description = "Weights of the SRSs for selection.mode=weighted, comma-separated in the order of srs.uris (1..1000); empty: all 1")
        String srs_weights() default "";

        @AttributeDefinition(description = "How the SRS of a new recording session is chosen: hunt, round-robin, weighted or least-busy")
        String selection_mode() default "hunt";

        @AttributeDefinition(description = "Milliseconds between SIP OPTIONS probes of each SRS; 0 turns probing off")
        int health_interval_ms() default 5000;

        @AttributeDefinition(description = "Milliseconds a probe waits for an answer before it counts as missed")
        int health_timeout_ms() default 2000;

        @AttributeDefinition(description = "Probes missed in a row that mark an SRS down")
        int health_down_threshold() default 3;

        @AttributeDefinition(description = "Probes answered in a row that bring a down SRS back up")
        int health_up_threshold() default 2;
    }

    /** A configuration checked whole before it replaces the running one. */
    record Settings(SelectionMode mode, List<SrsTarget> targets, List<Integer> weights, int intervalMs, int timeoutMs,
            int downThreshold, int upThreshold) {
    }

    /** An OPTIONS probe awaiting its answer. */
    private record Probe(SrsGroup.Member member, long sentNanos) {
    }

    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "srs-health");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Probe> pending = new ConcurrentHashMap<>();
    private volatile Settings settings;
    private volatile SrsGroup group;
    /** The name of this SRS group (srs.group), for the log. */
    private volatile String groupName = DEFAULT_GROUP;
    private ScheduledFuture<?> probing;
    private ScheduledFuture<?> sweeping;

    /** The endpoint the probes go out from; absent when no {@code srsprobe} endpoint is configured. */
    volatile SipEndpoint probeEndpoint;

    @Reference(name = "probeEndpoint", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + SipEndpoint.NAME_PROPERTY + "=" + PROBE_ENDPOINT + ")")
    void bindProbeEndpoint(SipEndpoint endpoint) {
        probeEndpoint = endpoint;
        LOG.info("SRS health: OPTIONS probes sent from SIP endpoint {} ({}:{})", PROBE_ENDPOINT, endpoint.host(), endpoint.udpPort());
    }

    void unbindProbeEndpoint(SipEndpoint endpoint) {
        if (probeEndpoint == endpoint) {
            probeEndpoint = null;
            LOG.info("SRS health: SIP endpoint {} gone, OPTIONS probing paused", PROBE_ENDPOINT);
        }
    }

    protected SrsGroupAdapter(Config config) {
        groupName = groupName(config);
        apply(settings(config));
    }

    @Modified
    void modified(Config config) {
        try {
            groupName = groupName(config);
            apply(settings(config));
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration org.siprec.srs.sip ignored, keeping the SRS group {} ({}): {}", groupName, settings.targets(), e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        prober.shutdownNow();
    }

    private synchronized void apply(Settings s) {
        settings = s;
        group = new SrsGroup(s.mode(), s.targets(), s.weights(), s.downThreshold(), s.upThreshold(), group);
        // "SRS list" with the URIs: operators and the black-box tests look for this line after a change
        LOG.info("SRS list: {} selection.mode={} srs.weights={} health.interval.ms={} (probes need the SIP endpoint {}) srs.group={}",
                s.targets(), s.mode().key, s.weights(), s.intervalMs(), PROBE_ENDPOINT, groupName);
        if (probing != null) {
            probing.cancel(false);
            sweeping.cancel(false);
            probing = null;
        }
        if (s.intervalMs() > 0) {
            probing = prober.scheduleWithFixedDelay(this::probeAll, 0, s.intervalMs(), TimeUnit.MILLISECONDS);
            sweeping = prober.scheduleWithFixedDelay(this::sweep, 50, 50, TimeUnit.MILLISECONDS);
        }
    }

    private static String groupName(Config c) {
        String name = c.srs_group() == null ? "" : c.srs_group().strip();
        return name.isEmpty() ? DEFAULT_GROUP : name;
    }

    /** @throws IllegalArgumentException naming the key and the bad value */
    static Settings settings(Config c) {
        List<SrsTarget> targets = parse(c.srs_uris());
        List<Integer> weights = weights(c.srs_weights(), targets.size());
        SelectionMode mode = SelectionMode.parse(c.selection_mode());
        if (c.health_interval_ms() < 0 || (c.health_interval_ms() > 0 && c.health_interval_ms() < 100)) {
            throw new IllegalArgumentException("health.interval.ms: " + c.health_interval_ms() + " must be 0 (off) or at least 100");
        }
        if (c.health_timeout_ms() < 50) {
            throw new IllegalArgumentException("health.timeout.ms: " + c.health_timeout_ms() + " must be at least 50");
        }
        if (c.health_down_threshold() < 1) {
            throw new IllegalArgumentException("health.down.threshold: " + c.health_down_threshold() + " must be at least 1");
        }
        if (c.health_up_threshold() < 1) {
            throw new IllegalArgumentException("health.up.threshold: " + c.health_up_threshold() + " must be at least 1");
        }
        return new Settings(mode, targets, weights, c.health_interval_ms(), c.health_timeout_ms(), c.health_down_threshold(),
                c.health_up_threshold());
    }

    /** @throws IllegalArgumentException naming srs.uris and the entry that is not a SIP URI */
    static List<SrsTarget> parse(String value) {
        List<SrsTarget> result = new ArrayList<>();
        for (String raw : (value == null ? "" : value).split(",")) {
            String uri = raw.trim();
            if (uri.isEmpty()) {
                continue;
            }
            String lower = uri.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("sip:") || lower.startsWith("sips:")) || uri.contains(" ") || uri.indexOf('@') == uri.length() - 1
                    || uri.length() <= lower.indexOf(':') + 1) {
                throw new IllegalArgumentException("srs.uris: '" + uri + "' is not a SIP URI (e.g. sip:srs@10.0.0.5:5060)");
            }
            if (result.stream().anyMatch(t -> t.uri().equals(uri))) {
                throw new IllegalArgumentException("srs.uris: '" + uri + "' is listed twice");
            }
            result.add(new SrsTarget(uri));
        }
        return List.copyOf(result);
    }

    /** @throws IllegalArgumentException naming srs.weights and the bad entry or count */
    static List<Integer> weights(String value, int count) {
        List<Integer> result = new ArrayList<>();
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            for (int i = 0; i < count; i++) {
                result.add(1);
            }
            return List.copyOf(result);
        }
        for (String raw : v.split(",")) {
            String w = raw.trim();
            int n;
            try {
                n = Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("srs.weights: '" + w + "' is not a whole number (1..1000)");
            }
            if (n < 1 || n > 1000) {
                throw new IllegalArgumentException("srs.weights: " + n + " is out of range (1..1000)");
            }
            result.add(n);
        }
        if (result.size() != count) {
            throw new IllegalArgumentException("srs.weights: " + result.size() + " weights for " + count + " SRS URIs; give one per URI or none");
        }
        return List.copyOf(result);
    }

    // ------------------------------------------------------------------ SrsAdapter

    @Override
    public List<SrsTarget> targets(CommunicationSession session) {
        return group.select();
    }

    @Override
    public boolean healthy() {
        return group.usable();
    }

    @Override
    public void report(SrsTarget target, SrsOutcome outcome) {
        group.report(target, outcome);
    }

    // ------------------------------------------------------------------ SrsGroupMonitor

    @Override
    public String mode() {
        return group.mode.key;
    }

    @Override
    public List<SrsStatus> members() {
        return group.status();
    }

    // ------------------------------------------------------------------ health probing (prober thread)

    private void probeAll() {
        SipEndpoint sip = probeEndpoint;
        if (sip == null) {
            return;
        }
        for (SrsGroup.Member m : group.members) {
            try {
                Request options = options(sip, m.target.uri());
                String callId = ((CallIdHeader) options.getHeader(CallIdHeader.NAME)).getCallId();
                ClientTransaction ct = sip.provider().getNewClientTransaction(options);
                pending.put(callId, new Probe(m, System.nanoTime()));
                ct.sendRequest();
            } catch (Exception e) {
                changed(m, group.missed(m, "OPTIONS not sent: " + e.getMessage()));
            }
        }
    }

    private Request options(SipEndpoint sip, String uri) throws Exception {
        HeaderFactory h = sip.headerFactory();
        SipURI target = (SipURI) sip.addressFactory().createURI(uri);
        String transport = target.isSecure() ? "tls"
                : target.getTransportParam() == null ? "udp" : target.getTransportParam().toLowerCase(Locale.ROOT);
        // a TLS SRS is probed over TLS: the probe endpoint needs its own TLS port (tls.port in endpoint-srsprobe.cfg)
        int port = "tls".equals(transport) ? sip.tlsPort() : "tcp".equals(transport) ? sip.tcpPort() : sip.udpPort();
        if (port == 0) {
            throw new IllegalStateException("SIP endpoint " + PROBE_ENDPOINT + " has no " + transport + " listening point");
        }
        SipURI from = sip.addressFactory().createSipURI("srs-probe", sip.host());
        from.setPort(port);
        Request r = sip.messageFactory().createRequest(target, Request.OPTIONS, sip.provider().getNewCallId(),
                h.createCSeqHeader(1L, Request.OPTIONS), h.createFromHeader(sip.addressFactory().createAddress(from), Tags.random(8)),
                h.createToHeader(sip.addressFactory().createAddress(target), null),
                List.of(h.createViaHeader(sip.host(), port, transport, null)), h.createMaxForwardsHeader(70));
        r.addHeader(h.createHeader("User-Agent", sip.userAgent()));
        r.addHeader(h.createHeader("Accept", "application/sdp"));
        return r;
    }

    /** Probes unanswered after health.timeout.ms count as missed; the stack's own 32 s transaction timeout is too slow. */
    private void sweep() {
        long now = System.nanoTime();
        long limit = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs());
        pending.forEach((callId, p) -> {
            if (now - p.sentNanos() > limit && pending.remove(callId, p)) {
                changed(p.member(), group.missed(p.member(), "no answer to OPTIONS within " + settings.timeoutMs() + " ms"));
            }
        });
    }

    private void answered(String callId, int status, String reason) {
        Probe p = pending.remove(callId);
        if (p == null) {
            return; // late, already counted as missed
        }
        long rtt = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - p.sentNanos());
        // any final answer proves the SRS alive, except 503: it says it cannot take work now
        if (status == Response.SERVICE_UNAVAILABLE) {
            changed(p.member(), group.missed(p.member(), "OPTIONS answered " + status + " " + reason));
        } else {
            changed(p.member(), group.answered(p.member(), rtt));
        }
    }

    private static void changed(SrsGroup.Member m, SrsGroup.Health before) {
        if (before != null) {
            if (m.health == SrsGroup.Health.DOWN) {
                LOG.warn("SRS {} is down ({}): skipped for new recordings until it answers OPTIONS", m.target.uri(), m.lastError);
            } else {
                LOG.info("SRS {} is {} (was {}), OPTIONS RTT {} ms", m.target.uri(), m.health, before, m.lastRttMillis);
            }
        }
    }

    // ------------------------------------------------------------------ answers, from SrsProbeResponses

    @Override
    public void probeAnswered(String callId, int status, String reason) {
        if (pending.containsKey(callId)) {
            // health state is changed on the prober thread only
            prober.execute(() -> answered(callId, status, reason));
        }
    }

    @Override
    public String toString() {
        return "SRS group " + groupName;
    }
}
