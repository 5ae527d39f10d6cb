package org.siprec.src.b2bua;

import java.util.Optional;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.model.CommunicationSession;
import org.siprec.src.recording.DtmfCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the DTMF feature codes of one call: the served user's and their company's settings in the subscriber
 * directory over the platform's configured defaults. The directory answers from memory, so this runs on the call's
 * thread at set-up; a directory that fails is logged and the defaults apply (the call is never hurt).
 */
final class FeatureCodeLookup {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureCodeLookup.class);

    private FeatureCodeLookup() {
    }

    static DtmfCodes codes(DtmfCodes defaults, SubscriberDirectory directory, CommunicationSession call) {
        if (directory == null || call.servedUser() == null) {
            return defaults;
        }
        try {
            Optional<Subscriber> user = directory.subscriber(call.servedUser().aor());
            Optional<Company> company = user.flatMap(directory::companyOf);
            DtmfCodes codes = defaults.forServedUser(company, user);
            if (user.isPresent() && !codes.equals(defaults)) {
                LOG.debug("Call {}: DTMF feature codes of {} ({}): {}", call.callId(), user.get().id(),
                        user.get().companyId(), codes);
            }
            return codes;
        } catch (RuntimeException e) {
            LOG.warn("Call {}: the DTMF feature codes of the served user could not be read from the directory ({}); "
                    + "the configured defaults apply", call.callId(), e.toString());
            return defaults;
        }
    }
}
