package org.siprec.ops.health;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.siprec.sip.SipApplication;
import org.siprec.sip.SipEndpoint;

/**
 * The SRC is bound to the main SIP endpoint. The endpoint listens (and {@code sip} is up) before the B2BUA registers,
 * and answers every request 503 meanwhile: a balancer or SBC that trusted readiness then would send calls to a node
 * that refuses them all. Readiness only: a node in that window is alive, just not yet serving.
 */
@Component(service = HealthCheck.class, property = {HealthCheck.NAME + "=src", HealthCheck.TAGS + "=ready"})
public class SrcBoundCheck implements HealthCheck {
    @Reference(target = "(" + SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN + ")",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SipApplication application;

    @Override
    public HealthResult check() {
        SipApplication a = application;
        if (a == null) {
            return HealthResult.critical("no SIP application bound to the main endpoint: calls are refused with 503"
                    + " (org.siprec.src not running, or waiting for a mandatory service such as the media mirror)");
        }
        return HealthResult.ok("SRC bound to the main SIP endpoint (" + a.getClass().getSimpleName() + ")");
    }
}
