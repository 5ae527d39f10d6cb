package org.siprec.events.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.siprec.api.event.EventForwarder;
import org.siprec.api.event.RecordingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards every recording event ({@link RecordingEvent}, topics {@code org/siprec/recording/*}) as a JSON object by
 * HTTP POST to the configured URLs. {@link #handleEvent} only turns the event into JSON and queues it
 * ({@link WebhookSender}): the EventAdmin's delivery thread is never held by a receiver. Without a URL configured it
 * does nothing. A configuration change replaces the sender (what was queued for the old URLs is dropped, counted).
 * Immediate: activated (and its configuration logged) at once, not at the first event the EventAdmin delivers.
 */
@Component(name = WebhookForwarder.PID, configurationPid = WebhookForwarder.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {EventHandler.class, EventForwarder.class},
        property = EventConstants.EVENT_TOPIC + "=" + RecordingEvent.TOPIC_ALL)
@Designate(ocd = WebhookForwarder.Config.class)
public class WebhookForwarder implements EventHandler, EventForwarder {
    static final String PID = "org.siprec.events.webhook";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookForwarder.class);

    @ObjectClassDefinition(name = "siprec recording events webhook",
            description = "Forwards recording events (org/siprec/recording/*) as JSON by HTTP POST")
    public @interface Config {
        @AttributeDefinition(description = "the receivers' URLs (http or https), comma-separated; none: nothing is sent")
        String[] urls() default {};

        @AttributeDefinition(description = "connect and response timeout of one POST, in milliseconds")
        int timeout_ms() default 2000;

        @AttributeDefinition(description = "retries of a POST that failed (no answer, or not 2xx) before the event is given up for that URL")
        int retries() default 3;

        @AttributeDefinition(description = "wait before the first retry, in milliseconds; doubled for each further retry (at most 30 s)")
        int backoff_ms() default 200;

        @AttributeDefinition(description = "events waiting to be sent at most; more are dropped (counted and logged)")
        int queue_size() default 1000;
    }

    private volatile WebhookSender sender;
    /** The totals of the senders replaced so far (guarded by {@code this}), so that the counts never go down. */
    private WebhookSender.Counters replaced = new WebhookSender.Counters(0, 0, 0, 0, 0);

    @Activate
    void activate(Config config) {
        sender = start(config);
    }

    @Modified
    void modified(Config config) {
        replace(start(config));
    }

    @Deactivate
    void deactivate() {
        replace(null);
    }

    /**
     * The new sender takes the events at once; the old one is closed (what it still queued is counted dropped) and its
     * totals kept, under the lock {@link #counts()} reads with, so a scrape never sees them missing.
     */
    private synchronized void replace(WebhookSender next) {
        WebhookSender old = sender;
        sender = next;
        if (old != null) {
            old.close();
            WebhookSender.Counters c = old.counters();
            replaced = new WebhookSender.Counters(replaced.sent() + c.sent(), replaced.dropped() + c.dropped(),
                    replaced.failed() + c.failed(), replaced.retried() + c.retried(), 0);
        }
    }

    @Override
    public String name() {
        return "webhook";
    }

    /** The totals since activation, across reconfigurations; {@code queued} is the current sender's queue. */
    @Override
    public synchronized Counts counts() {
        WebhookSender s = sender;
        WebhookSender.Counters c = s != null ? s.counters() : new WebhookSender.Counters(0, 0, 0, 0, 0);
        return new Counts(replaced.sent() + c.sent(), replaced.retried() + c.retried(),
                replaced.dropped() + c.dropped(), replaced.failed() + c.failed(), c.queued());
    }

    @Override
    public void handleEvent(Event event) {
        WebhookSender s = sender;
        if (s == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            if (!EventConstants.EVENT_TOPIC.equals(name)) {
                properties.put(name, event.getProperty(name));
            }
        }
        s.offer(EventJson.of(event.getTopic(), properties));
    }

    /** A sender for the configuration, or {@code null} (logged) when it names no URL or a bad value. */
    static WebhookSender start(Config config) {
        List<URI> urls = new ArrayList<>();
        for (String element : config.urls()) {
            for (String u : element.split(",")) {
                String url = u.trim();
                if (url.isEmpty()) {
                    continue;
                }
                try {
                    URI uri = URI.create(url);
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                        throw new IllegalArgumentException("not http or https");
                    }
                    urls.add(uri);
                } catch (IllegalArgumentException e) {
                    LOG.error("Recording events webhook: url {} ignored: {}", url, e.getMessage());
                }
            }
        }
        if (urls.isEmpty()) {
            LOG.info("Recording events webhook: no url configured ({}.cfg), nothing is sent", PID);
            return null;
        }
        try {
            WebhookSender s = new WebhookSender(new WebhookSender.Settings(urls, Duration.ofMillis(config.timeout_ms()),
                    config.retries(), Duration.ofMillis(config.backoff_ms()), config.queue_size()));
            LOG.info("Recording events webhook: sending to {} (timeout {} ms, {} retries from {} ms, queue {})", urls,
                    config.timeout_ms(), config.retries(), config.backoff_ms(), config.queue_size());
            return s;
        } catch (IllegalArgumentException e) {
            LOG.error("Recording events webhook: configuration {} refused, nothing is sent: {}", PID, e.getMessage());
            return null;
        }
    }
}
