package org.siprec.src.decision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the installed {@link RecordingPolicy} services whether a call is recorded, under a deadline, and combines
 * their verdicts by the {@link CombinationRule}. Policies come and go while calls run: binding replaces an immutable
 * snapshot atomically, and a call is evaluated against the snapshot current when it arrived, so it never sees a
 * half-updated set.
 */
@Component(service = PolicyEngine.class, configurationPid = "org.siprec.src.policies")
@Designate(ocd = PolicyEngineConfig.class)
public class PolicyEngine {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

    /** One bound policy with what orders it. */
    public record RankedPolicy(RecordingPolicy policy, String name, int ranking, long serviceId) {
    }

    private static final Comparator<RankedPolicy> ORDER = Comparator.comparingInt((RankedPolicy p) -> -p.ranking())
            .thenComparingLong(RankedPolicy::serviceId);

    private volatile List<RankedPolicy> snapshot = List.of();
    private volatile long deadlineNanos;
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
        deadlineNanos = TimeUnit.MILLISECONDS.toNanos(ms);
        LOG.info("Policy engine: deadline {} ms", ms);
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
        for (RankedPolicy p : snapshot) {
            if (p.policy() != policy) {
                next.add(p);
            }
        }
        if (present) {
            Object ranking = properties.get(RecordingPolicy.RANKING);
            Object id = properties.get("service.id");
            next.add(new RankedPolicy(policy, nameOf(policy, properties), ranking instanceof Integer r ? r : 0,
                    id instanceof Long l ? l : 0L));
        }
        next.sort(ORDER);
        snapshot = List.copyOf(next);
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
        long end = System.nanoTime() + deadlineNanos;
        List<CompletableFuture<Decision>> answers = new ArrayList<>(policies.size());
        for (RankedPolicy p : policies) {
            CompletableFuture<Decision> answer = new CompletableFuture<>();
            try {
                runner.execute(() -> {
                    try {
                        answer.complete(p.policy().evaluate(call));
                    } catch (Throwable t) {
                        answer.completeExceptionally(t);
                    }
                });
            } catch (RejectedExecutionException e) {
                answer.completeExceptionally(new IllegalStateException("policy threads busy"));
            }
            answers.add(answer);
        }
        List<PolicyVerdict> verdicts = new ArrayList<>(policies.size());
        for (int i = 0; i < policies.size(); i++) {
            verdicts.add(verdict(call, policies.get(i), answers.get(i), end));
        }
        return new CombinedDecision(CombinationRule.combine(verdicts), verdicts);
    }

    private PolicyVerdict verdict(CommunicationSession call, RankedPolicy p, CompletableFuture<Decision> answer, long end) {
        String failure;
        try {
            Decision d = answer.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (d != null) {
                return new PolicyVerdict(p.name(), p.ranking(), d, null);
            }
            failure = "returned null";
        } catch (TimeoutException e) {
            failure = "no answer within " + TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + " ms";
        } catch (ExecutionException e) {
            failure = "failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        LOG.warn("Recording policy {} counted as ABSTAIN for call {}: {}", p.name(), call.callId(), failure);
        return new PolicyVerdict(p.name(), p.ranking(), Decision.abstain(), failure);
    }
}
