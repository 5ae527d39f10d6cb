package org.siprec.api.profile;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Looks up users by address of record or number; used by policies. */
@ConsumerType
public interface SubscriberDirectory {
    Optional<Subscriber> find(String aorOrNumber);
}
