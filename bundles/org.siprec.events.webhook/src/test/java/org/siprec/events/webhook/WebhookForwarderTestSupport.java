package org.siprec.events.webhook;

import java.util.Map;
import org.siprec.testsupport.Configs;

/** Starts a sender from a configuration built the way SCR builds it. */
final class WebhookForwarderTestSupport {
    private WebhookForwarderTestSupport() {
    }

    static boolean startsWith(Map<String, Object> properties) {
        WebhookSender s = WebhookForwarder.start(Configs.of(WebhookForwarder.Config.class, properties));
        if (s == null) {
            return false;
        }
        s.close();
        return true;
    }
}
