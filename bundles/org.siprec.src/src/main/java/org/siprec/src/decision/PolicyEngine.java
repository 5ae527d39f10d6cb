package org.siprec.src.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.SessionCase;
import org.siprec.api.ops.PolicyEvaluator;
import org.siprec.api.ops.PolicyExplanation;
import org.siprec.api.ops.PolicyStatistics;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the installed {@link RecordingPolicy} services whether a call is recorded, under a deadline, and combines
 * their verdicts by the {@link CombinationRule}. Policies come and go while calls run: binding replaces an immutable
 * snapshot atomically, and a call is evaluated against the snapshot current when it arrived, so it never sees a
 * half-updated set. It counts each policy's answers and times ({@link #policies()}) and explains a call without
 * placing it ({@link #explain}) by the same code a call is decided with.
 */
@Component(service = {PolicyEngine.class, PolicyEvaluator.class}, configurationPid = "org.siprec.src.policies")
@Designate(ocd = PolicyEngineConfig.class)
public class PolicyEngine implements PolicyEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

    /** One bound policy with what orders it, its configuration and its counters (kept across updates). */
    public record RankedPolicy(RecordingPolicy policy, String name, int ranking, long serviceId,
            Map<String, Object> configuration, PolicyCounters counters) {
    }

    /** The platform's recording limits (its maximum duration joins the decision's), while installed. */
    private volatile org.siprec.src.recording.RecordingLimits limits;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindLimits(org.siprec.src.recording.RecordingLimits l) {
        limits = l;
    }

    public void unbindLimits(org.siprec.src.recording.RecordingLimits l) {
        if (limits == l) {
            limits = null;
        }
    }

    /** Service properties that are the framework's, not the policy's configuration. */
    private static final Set<String> FRAMEWORK_PROPERTIES = Set.of("objectClass", "service.id", "service.bundleid",
            "service.scope", "component.id", "component.name", "service.pid", "service.ranking");

    private static final Comparator<RankedPolicy> ORDER = Comparator.comparingInt((RankedPolicy p) -> -p.ranking())
            .thenComparingLong(RankedPolicy::serviceId);

    private volatile List<RankedPolicy> snapshot = List.of();
    private volatile long deadlineNanos;
    private volatile long waitMaxNanos;
    private final ThreadPoolExecutor runner;

    @Activate
    public PolicyEngine(PolicyEngineConfig config) {
        int threads = Math.max(1, Math.min(256, config.policy_threads()));
        AtomicInteger n = new AtomicInteger();
        runner = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> {
            Thread t = new Thread(r, "siprec-policy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        runner.allowCoreThreadTimeOut(true);
        apply(config);
    }

    @Modified
    void modified(PolicyEngineConfig config) {
        apply(config);
    }

    private void apply(PolicyEngineConfig config) {
        int ms = config.policy_deadline_ms();
        if (ms < 1 || ms > 5000) {
            LOG.error("policy.deadline.ms must be between 1 and 5000, got {}; using 50", ms);
            ms = 50;
        }
        int waitMax = config.policy_wait_max_ms();
        if (waitMax < 1 || waitMax > 10000) {
            LOG.error("policy.wait.max.ms must be between 1 and 10000, got {}; using 500", waitMax);
            waitMax = 500;
        }
        if (waitMax < ms) {
            LOG.error("policy.wait.max.ms ({}) is less than policy.deadline.ms ({}); using {}", waitMax, ms, ms);
            waitMax = ms;
        }
        deadlineNanos = TimeUnit.MILLISECONDS.toNanos(ms);
        waitMaxNanos = TimeUnit.MILLISECONDS.toNanos(waitMax);
        LOG.info("Policy engine: deadline {} ms per policy from its start, {} ms at most per call", ms, waitMax);
    }

    @Deactivate
    public void deactivate() {
        runner.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedPolicy")
    public void bindPolicy(RecordingPolicy policy, Map<String, Object> properties) {
        replace(policy, properties, true);
        LOG.info("Recording policy {} added; it applies to new calls", nameOf(policy, properties));
    }

    public void updatedPolicy(RecordingPolicy policy, Map<String, Object> properties) {
        replace(policy, properties, true);
        LOG.info("Recording policy {} updated; it applies to new calls", nameOf(policy, properties));
    }

    public void unbindPolicy(RecordingPolicy policy, Map<String, Object> properties) {
        replace(policy, properties, false);
        LOG.info("Recording policy {} removed; live calls keep their decision", nameOf(policy, properties));
    }

    private synchronized void replace(RecordingPolicy policy, Map<String, Object> properties, boolean present) {
        List<RankedPolicy> next = new ArrayList<>();
        PolicyCounters counters = null;
        for (RankedPolicy p : snapshot) {
            if (p.policy() != policy) {
                next.add(p);
            } else {
                counters = p.counters();
            }
        }
        if (present) {
            Object ranking = properties.get(RecordingPolicy.RANKING);
            Object id = properties.get("service.id");
            Map<String, Object> configuration = new TreeMap<>();
            properties.forEach((k, v) -> {
                if (!FRAMEWORK_PROPERTIES.contains(k) && v != null) {
                    configuration.put(k, v instanceof Object[] a ? List.of(a) : v);
                }
            });
            next.add(new RankedPolicy(policy, nameOf(policy, properties), ranking(ranking),
                    id instanceof Long l ? l : 0L, Map.copyOf(configuration),
                    counters != null ? counters : new PolicyCounters()));
        }
        next.sort(ORDER);
        snapshot = List.copyOf(next);
    }

    /**
     * {@code service.ranking} as an int: an Integer as OSGi has it, or a number written in a {@code .cfg} file
     * (Karaf's {@code etc/*.cfg} values are strings); anything else is 0.
     */
    static int ranking(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                LOG.warn("service.ranking '{}' is not a number; 0 is used", s);
            }
        }
        return 0;
    }

    private static String nameOf(RecordingPolicy policy, Map<String, Object> properties) {
        Object name = properties.get("component.name");
        return name != null ? name.toString() : policy.getClass().getName();
    }

    /** The policies a new call is evaluated against, in ranking order. */
    public List<RankedPolicy> snapshot() {
        return snapshot;
    }

    /**
     * Asks every policy of the current snapshot, in parallel, and combines their verdicts. Returns within the
     * deadline (plus scheduling noise) whatever the policies do.
     */
    public CombinedDecision decide(CommunicationSession call) {
        return decide(call, snapshot);
    }

    public CombinedDecision decide(CommunicationSession call, List<RankedPolicy> policies) {
        return decide(call, policies, true);
    }

    /**
     * {@inheritDoc} Runs {@link #decide(CommunicationSession, List, boolean)} on the current snapshot, as a call
     * would, without counting.
     */
    @Override
    public PolicyExplanation explain(String from, String to, SessionCase sessionCase, Instant at) {
        ExplainedCall call = ExplainedCall.of(from, to, sessionCase, at);
        CombinedDecision d = withQuota(call, decide(call, snapshot, false));
        LOG.info("Recording decision explained for {} to {} ({}) at {}: {}", from, to, sessionCase.token(), at,
                d.summary());
        return new PolicyExplanation(d.decision(), d.verdicts().stream()
                .map(v -> new PolicyExplanation.PolicyOutcome(v.policy(), v.ranking(), v.decision(), v.failure()))
                .toList());
    }

    /**
     * A RECORD whose company is at its limit of concurrent recordings now says so in its reason (the explanation's
     * API has no field of its own for it): such a call would not be recorded (a mandatory one refused).
     */
    private CombinedDecision withQuota(CommunicationSession call, CombinedDecision d) {
        org.siprec.src.recording.RecordingLimits l = limits;
        if (l == null || !d.record()) {
            return d;
        }
        return l.wouldRefuse(call).map(refusal -> {
            Decision x = d.decision();
            String consequence = x.mandatory() ? "the call would be refused (mandatory)" : "the call would go on unrecorded";
            return new CombinedDecision(new Decision(x.verdict(), x.reason() + "; but not now: " + refusal + ", " + consequence,
                    x.mandatory(), x.announcement(), x.srsGroup(), x.maxDuration()), d.verdicts());
        }).orElse(d);
    }

    @Override
    public List<PolicyStatistics> policies() {
        return snapshot.stream().map(p -> p.counters().statistics(p.name(), p.ranking(), p.configuration())).toList();
    }

    /**
     * @param count whether the answers go into the policies' counters (calls) or not (explanations)
     */
    CombinedDecision decide(CommunicationSession call, List<RankedPolicy> policies, boolean count) {
        long deadline = deadlineNanos;
        long capEnd = System.nanoTime() + waitMaxNanos;
        List<PendingAnswer> answers = new ArrayList<>(policies.size());
        for (RankedPolicy p : policies) {
            PendingAnswer answer = new PendingAnswer();
            try {
                runner.execute(() -> {
                    long started = answer.start();
                    try {
                        answer.complete(p.policy().evaluate(call));
                    } catch (Throwable t) {
                        answer.completeExceptionally(t);
                    } finally {
                        if (count) {
                            p.counters().time(System.nanoTime() - started);
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                answer.completeExceptionally(new IllegalStateException("policy threads busy"));
            }
            answers.add(answer);
        }
        List<PolicyVerdict> verdicts = new ArrayList<>(policies.size());
        for (int i = 0; i < policies.size(); i++) {
            verdicts.add(verdict(call, policies.get(i), answers.get(i), deadline, capEnd, count));
        }
        Decision combined = RecordingPreferenceRule.apply(call, CombinationRule.combine(verdicts));
        org.siprec.src.recording.RecordingLimits l = limits;
        return new CombinedDecision(l != null ? l.applyTo(combined) : combined, verdicts);
    }

    /**
     * A policy's answer and when a policy thread began to compute it: the deadline is the policy's own time, so a
     * policy that waited for a starved thread is not charged for the wait (the call's cap bounds that).
     */
    private static final class PendingAnswer extends CompletableFuture<Decision> {
        private static final long NOT_STARTED = Long.MIN_VALUE;
        private volatile long startedNanos = NOT_STARTED;

        long start() {
            long now = System.nanoTime();
            startedNanos = now;
            return now;
        }

        /** When this policy's answer is due: its deadline after it started, or the call's cap while not started. */
        long dueNanos(long deadline, long capEnd) {
            long started = startedNanos;
            return started == NOT_STARTED ? capEnd : Math.min(capEnd, started + deadline);
        }

        boolean started() {
            return startedNanos != NOT_STARTED;
        }
    }

    /** How often a call looks again whether a policy waiting for a thread has started. */
    private static final long START_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static Decision await(PendingAnswer answer, long deadline, long capEnd)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            long left = answer.dueNanos(deadline, capEnd) - System.nanoTime();
            if (left <= 0) {
                if (answer.isDone()) {
                    return answer.get();
                }
                throw new TimeoutException();
            }
            try {
                return answer.get(answer.started() ? left : Math.min(left, START_POLL_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // not yet due: the policy may have started meanwhile, which moves its due time
            }
        }
    }

    private PolicyVerdict verdict(CommunicationSession call, RankedPolicy p, PendingAnswer answer, long deadline,
            long capEnd, boolean count) {
        String failure;
        PolicyCounters.Outcome outcome = PolicyCounters.Outcome.ERROR;
        try {
            Decision d = await(answer, deadline, capEnd);
            if (d != null) {
                if (count) {
                    p.counters().count(PolicyCounters.of(d.verdict()));
                }
                return new PolicyVerdict(p.name(), p.ranking(), d, null);
            }
            failure = "returned null";
        } catch (TimeoutException e) {
            failure = answer.started() ? "no answer within " + TimeUnit.NANOSECONDS.toMillis(deadline) + " ms"
                    : "not started within " + TimeUnit.NANOSECONDS.toMillis(waitMaxNanos)
                            + " ms (no free policy thread, or the node is CPU-starved)";
            outcome = PolicyCounters.Outcome.TIMEOUT;
        } catch (ExecutionException e) {
            failure = "failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        if (count) {
            p.counters().count(outcome);
        }
        LOG.warn("Recording policy {} counted as ABSTAIN for call {}: {}", p.name(), call.callId(), failure);
        return new PolicyVerdict(p.name(), p.ranking(), Decision.abstain(), failure);
    }
}
