package org.siprec.src.recording;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRSs to try for a call, from the installed {@link SrsAdapter} services (highest ranking first, unhealthy
 * adapters skipped), and the way back to them: each attempt's {@link SrsOutcome} reaches the adapter that chose the
 * SRS. Adapters come and go while calls run; each call takes the list current when its recording starts.
 */
@Component(service = SrsSelector.class)
public class SrsSelector {
    private static final Logger LOG = LoggerFactory.getLogger(SrsSelector.class);

    /** The service property naming an adapter's SRS group; adapters without it are in {@link #DEFAULT_GROUP}. */
    public static final String GROUP_PROPERTY = "srs.group";
    /** The group of recordings no policy named a group for, and of adapters that name none. */
    public static final String DEFAULT_GROUP = "default";

    private record Ranked(SrsAdapter adapter, int ranking, long id, String group) {
    }

    private volatile List<Ranked> adapters = List.of();
    private final TcpRefusals tcpRefusals = new TcpRefusals(System::nanoTime);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public synchronized void bindSrsAdapter(SrsAdapter adapter, Map<String, Object> properties) {
        List<Ranked> next = without(adapter);
        Object ranking = properties.get("service.ranking");
        Object id = properties.get("service.id");
        Object group = properties.get(GROUP_PROPERTY);
        String name = group instanceof String g && !g.isBlank() ? g.strip() : DEFAULT_GROUP;
        next.add(new Ranked(adapter, ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L, name));
        next.sort(Comparator.comparingInt((Ranked r) -> -r.ranking()).thenComparingLong(Ranked::id));
        adapters = List.copyOf(next);
    }

    public synchronized void unbindSrsAdapter(SrsAdapter adapter) {
        adapters = List.copyOf(without(adapter));
    }

    private List<Ranked> without(SrsAdapter adapter) {
        List<Ranked> next = new ArrayList<>();
        for (Ranked r : adapters) {
            if (r.adapter() != adapter) {
                next.add(r);
            }
        }
        return next;
    }

    /** The SRSs of the {@link #DEFAULT_GROUP} to try for a call, in order. */
    public List<SrsCandidate> candidates(CommunicationSession call) {
        return candidates(call, DEFAULT_GROUP);
    }

    /** Whether any SRS adapter (healthy or not) serves the group: a group no adapter names is unknown. */
    public boolean knows(String group) {
        for (Ranked r : adapters) {
            if (r.group().equals(group)) {
                return true;
            }
        }
        return false;
    }

    /** The SRS groups of the adapters installed now, sorted. */
    public java.util.SortedSet<String> groups() {
        java.util.SortedSet<String> groups = new java.util.TreeSet<>();
        for (Ranked r : adapters) {
            groups.add(r.group());
        }
        return groups;
    }

    /**
     * The SRSs of one group to try for a call, in order (adapters of the group by ranking). An adapter that throws or
     * is unhealthy adds nothing.
     */
    public List<SrsCandidate> candidates(CommunicationSession call, String group) {
        List<SrsCandidate> result = new ArrayList<>();
        for (Ranked r : adapters) {
            if (!r.group().equals(group)) {
                continue;
            }
            SrsAdapter adapter = r.adapter();
            try {
                if (!adapter.healthy()) {
                    LOG.debug("SRS adapter {} unhealthy, skipped for call {}", adapter.getClass().getName(), call.callId());
                    continue;
                }
                List<SrsTarget> targets = adapter.targets(call);
                if (targets != null) {
                    for (SrsTarget t : targets) {
                        result.add(new SrsCandidate(t, adapter));
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("SRS adapter {} failed for call {}: {}", adapter.getClass().getName(), call.callId(), e.toString());
            }
        }
        return result;
    }

    /** Tells the adapter that chose an SRS how the attempt went; an adapter that throws is logged. */
    public void report(SrsCandidate candidate, SrsOutcome outcome) {
        try {
            candidate.adapter().report(candidate.target(), outcome);
        } catch (RuntimeException e) {
            LOG.error("SRS adapter {} failed to take an outcome report: {}", candidate.adapter().getClass().getName(), e.toString());
        }
    }

    boolean tcpRefused(String hostPort) {
        return tcpRefusals.refused(hostPort);
    }

    void tcpRefusedBy(String hostPort) {
        tcpRefusals.refusedBy(hostPort);
    }
}
