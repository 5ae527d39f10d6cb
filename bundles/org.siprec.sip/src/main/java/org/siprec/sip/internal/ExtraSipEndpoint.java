package org.siprec.sip.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.sip.SipEndpoint;

/**
 * A further SIP endpoint with its own stack and ports, one per factory configuration
 * {@code etc/org.siprec.sip.endpoint-<name>.cfg} (e.g. the embedded SRS listens on its own port). Its
 * {@code endpoint.name} becomes the service property applications select it by.
 */
@Component(service = SipEndpoint.class, configurationPid = "org.siprec.sip.endpoint",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = SipEndpointConfig.class, factory = true)
public class ExtraSipEndpoint extends SipEndpointComponent {
    @Override
    protected boolean isMain() {
        return false;
    }
}
