package org.siprec.api.ops;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** Live view of the calls the platform is handling. */
@ProviderType
public interface CallMonitor {
    List<CallSummary> activeCalls();

    /**
     * Counters and settings worth showing to an operator (e.g. {@code calls.active}, {@code calls.total},
     * {@code sip.listen}), in a stable order.
     */
    Map<String, String> status();
}
