/**
 * Recording events: the OSGi EventAdmin topics the SRC posts every change of a recording's state on, and the names
 * of their properties ({@link org.siprec.api.event.RecordingEvent}). A plugin consumes them with an
 * {@code org.osgi.service.event.EventHandler} registered for {@link org.siprec.api.event.RecordingEvent#TOPIC_ALL}.
 * Since 1.1: {@link org.siprec.api.event.EventForwarder}, a forwarding plugin's delivery counts for the metrics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.api.event;
