package org.siprec.src.recording;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.policy.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits on recordings (issue 14, "Limits"): the platform's maximum duration of one recording, combined with the
 * one a policy sets, and the maximum number of recordings a company has in progress at once
 * ({@link CompanyRecordingQuota}). A call's company is its served user's in the subscriber directory; a call whose
 * served user is not in the directory (or with no directory installed) belongs to no company and is not limited.
 * Configured from {@code etc/org.siprec.src.cfg}; a wrong value is logged and the limits in force are kept.
 */
@Component(service = RecordingLimits.class, configurationPid = "org.siprec.src")
public class RecordingLimits {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingLimits.class);
    static final int MAX_DURATION_SECONDS = 86400;

    /** The platform's limit for every recording; empty: none. */
    private volatile Optional<Duration> maxDuration = Optional.empty();
    private volatile CompanyRecordingQuota quota = CompanyRecordingQuota.unlimited();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SubscriberDirectory directory;
    /** How a call's company is found: the directory's, unless a test sets another way. */
    private volatile Function<CommunicationSession, Optional<String>> companies = this::companyInDirectory;

    @Activate
    public RecordingLimits(RecordingLimitsConfig config) {
        apply(config);
    }

    @Modified
    void modified(RecordingLimitsConfig config) {
        apply(config);
    }

    private void apply(RecordingLimitsConfig config) {
        int seconds = config.recording_max_duration_seconds();
        if (seconds < 0 || seconds > MAX_DURATION_SECONDS) {
            LOG.error("recording.max.duration.seconds must be between 0 (no limit) and {}, got {}; the recording limits in force"
                    + " are kept (max duration {})", MAX_DURATION_SECONDS, seconds, describe(maxDuration));
            return;
        }
        CompanyRecordingQuota next;
        try {
            next = CompanyRecordingQuota.of(config.company_max_recordings_default(), config.company_max_recordings());
        } catch (IllegalArgumentException e) {
            LOG.error("{}; the recording limits in force are kept (companies: {})", e.getMessage(), quota);
            return;
        }
        maxDuration = seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        quota = next.keepingCountsOf(quota);
        LOG.info("Recording limits: max duration {}, concurrent recordings per company {}", describe(maxDuration), quota);
    }

    private static String describe(Optional<Duration> limit) {
        return limit.map(d -> d.toSeconds() + " s").orElse("none");
    }

    /**
     * The decision with the platform's maximum duration when it is shorter than the policy's (or the policy set
     * none); a decision that does not record is returned as it is.
     */
    public Decision applyTo(Decision decision) {
        Optional<Duration> platform = maxDuration;
        if (decision.verdict() != Decision.Verdict.RECORD || platform.isEmpty()) {
            return decision;
        }
        Optional<Duration> policy = decision.maxDuration();
        return policy.isPresent() && policy.get().compareTo(platform.get()) <= 0 ? decision : decision.limitedTo(platform.get());
    }

    /** The platform's maximum duration of a recording, empty when none. */
    public Optional<Duration> maxDuration() {
        return maxDuration;
    }

    /**
     * Asks for a place for one more recording of {@code call}'s company.
     *
     * @return the admission: a slot to release when the recording ends (none for a call of no company), or why the
     *         recording may not start
     */
    public Admission admit(CommunicationSession call) {
        Optional<String> company = companyOf(call);
        if (company.isEmpty()) {
            return Admission.NOT_LIMITED;
        }
        CompanyRecordingQuota q = quota;
        Optional<CompanyRecordingQuota.Slot> slot = q.acquire(company.get());
        if (slot.isPresent()) {
            return new Admission(slot.get(), null);
        }
        return new Admission(null, "company-limit: company " + company.get() + " has " + q.inProgress(company.get())
                + " recordings in progress, its limit is " + q.limit(company.get()));
    }

    /**
     * For {@code siprec:explain}: why a recording of such a call would be refused now (its company at its limit), as
     * {@link #admit} would say it; empty when it would be admitted. Takes no place in the quota.
     */
    public Optional<String> wouldRefuse(CommunicationSession call) {
        Optional<String> company = companyOf(call);
        if (company.isEmpty()) {
            return Optional.empty();
        }
        CompanyRecordingQuota q = quota;
        int limit = q.limit(company.get());
        int now = q.inProgress(company.get());
        return limit != CompanyRecordingQuota.UNLIMITED && now >= limit
                ? Optional.of("company-limit: company " + company.get() + " has " + now + " recordings in progress, its limit is " + limit)
                : Optional.empty();
    }

    /** Recordings of {@code company} in progress now. */
    public int inProgress(String company) {
        return quota.inProgress(company);
    }

    private Optional<String> companyOf(CommunicationSession call) {
        try {
            return companies.apply(call);
        } catch (RuntimeException e) {
            // a directory that fails must not hurt the call: its recording is then not limited by company
            LOG.warn("Call {}: its company is not known, the directory failed ({}); not limited by company", call.callId(),
                    e.toString());
            return Optional.empty();
        }
    }

    private Optional<String> companyInDirectory(CommunicationSession call) {
        SubscriberDirectory d = directory;
        if (d == null || call.servedUser() == null) {
            return Optional.empty();
        }
        return d.subscriber(call.servedUser().aor()).map(Subscriber::companyId);
    }

    /** For tests outside OSGi: how a call's company is found. */
    public void companies(Function<CommunicationSession, Optional<String>> lookup) {
        this.companies = lookup;
    }

    /**
     * A recording's admission in its company's quota.
     *
     * @param slot    the place to release when the recording ends; {@code null} when refused or not limited
     * @param refusal why the recording may not start ({@code company-limit: ...}), or {@code null}
     */
    public record Admission(CompanyRecordingQuota.Slot slot, String refusal) {
        static final Admission NOT_LIMITED = new Admission(null, null);

        public boolean admitted() {
            return refusal == null;
        }

        public void release() {
            if (slot != null) {
                slot.release();
            }
        }
    }
}
