package org.siprec.sip;

import javax.sip.SipListener;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A SIP application served by a {@link SipEndpoint}: the endpoint delivers every event of its stack to the
 * application registered with the same {@link SipEndpoint#NAME_PROPERTY} service property (an application
 * without that property serves the main endpoint). Called concurrently from the stack's threads; implementations must not
 * block.
 */
@ConsumerType
public interface SipApplication extends SipListener {
}
