package org.siprec.api.ops;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The state of an SRS group as its adapter sees it (health from SIP OPTIONS probes, selection counts), for
 * {@code siprec:srs} and monitoring. Offered by SRS adapters that manage a group of SRSs.
 *
 * @since 1.2
 */
@ProviderType
public interface SrsGroupMonitor {
    /** The group's selection mode as configured, e.g. {@code hunt}, {@code round-robin}. */
    String mode();

    /** One entry per SRS of the group, in configuration order. */
    List<SrsStatus> members();

    /**
     * One SRS of a group.
     *
     * @param uri          the SRS's SIP URI
     * @param weight       its weight (used by weighted selection)
     * @param state        {@code up}, {@code down} or {@code unknown} (not probed yet, or probing disabled)
     * @param lastRttMillis round-trip time of the last answered OPTIONS in milliseconds, or -1 when none
     * @param selected     times it was the first choice for a new recording session
     * @param accepted     recording sessions it accepted (2xx)
     * @param refused      recording sessions it refused (final error response)
     * @param unreachable  recording sessions that got no answer or could not be sent to it
     * @param inProgress   recording sessions it accepted that have not ended yet
     * @param lastError    the last error (failed probe or recording session), or an empty string
     */
    record SrsStatus(String uri, int weight, String state, long lastRttMillis, long selected, long accepted,
            long refused, long unreachable, long inProgress, String lastError) {
    }
}
