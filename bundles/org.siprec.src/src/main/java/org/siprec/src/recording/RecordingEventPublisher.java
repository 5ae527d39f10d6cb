package org.siprec.src.recording;

import java.util.Map;
import org.siprec.api.model.CommunicationSession;

/**
 * Where {@link RecordingReporter} posts recording events; provided by {@link EventAdminPublisher}. An interface of its own so that the reporter (and so the SRC) never loads an
 * {@code org.osgi.service.event} class: the SRC resolves and runs without that package.
 */
public interface RecordingEventPublisher {
    /** Whether events are posted at all (an EventAdmin is there); when not, none is built. */
    boolean active();

    /** On the reporter's thread, in the order the events of a call happened. */
    void publish(String topic, Map<String, Object> properties, CommunicationSession call);
}
