package org.siprec.api.ops;

import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's recent past as read from its metrics (the meters behind {@code /metrics}): one
 * {@link MetricsSample} every {@link #interval()}, kept for {@link #window()}, for the portal's operations page and
 * other live views. Offered by the operations bundle.
 *
 * @since 1.5
 */
@ProviderType
public interface MetricsHistory {
    /** How often a sample is taken. */
    Duration interval();

    /** How far back the samples reach (older ones are dropped). */
    Duration window();

    /**
     * The samples kept, oldest first, followed by one read now (so the last one is always current); at most
     * {@code window / interval + 1} samples.
     */
    List<MetricsSample> samples();
}
