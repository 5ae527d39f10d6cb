package org.siprec.sip;

import javax.sip.SipListener;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A SIP application served by the {@link SipEndpoint}: the endpoint delivers every event of the stack to the
 * highest-ranked registered application. Called concurrently from the stack's threads; implementations must not
 * block.
 */
@ConsumerType
public interface SipApplication extends SipListener {
}
