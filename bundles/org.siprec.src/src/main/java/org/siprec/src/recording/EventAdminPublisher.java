package org.siprec.src.recording;

import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.event.RecordingEvent;
import org.siprec.api.model.CommunicationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts recording events on the EventAdmin ({@code postEvent}: asynchronous) while there is one: an optional, dynamic
 * reference, so the SRC runs without an EventAdmin (nothing is built or posted then, {@link #active()}). The only
 * class of the SRC that touches {@code org.osgi.service.event}, whose import is optional: without the package this
 * component cannot be loaded (SCR logs it), the reporter's optional reference to it stays unbound and the SRC runs
 * on. Adds the company of the call's served user when a subscriber directory is installed (answered from memory, on
 * the reporter's thread).
 */
@Component(service = RecordingEventPublisher.class)
public class EventAdminPublisher implements RecordingEventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventAdminPublisher.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SubscriberDirectory directory;

    @Override
    public boolean active() {
        return eventAdmin != null;
    }

    @Override
    public void publish(String topic, Map<String, Object> properties, CommunicationSession call) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        company(call).ifPresent(c -> properties.put(RecordingEvent.COMPANY, c));
        admin.postEvent(new Event(topic, properties));
    }
    private Optional<String> company(CommunicationSession call) {
        SubscriberDirectory d = directory;
        if (d == null) {
            return Optional.empty();
        }
        try {
            return d.subscriber(call.servedUser().aor()).map(Subscriber::companyId);
        } catch (RuntimeException e) {
            // a directory that fails costs the event its company, not the event
            LOG.warn("Recording event of call {}: company not known, the directory failed: {}", call.callId(), e.toString());
            return Optional.empty();
        }
    }
}
