/**
 * Media SPI: the media mirror relays a call's RTP and forks it to recorders.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.api.media;
