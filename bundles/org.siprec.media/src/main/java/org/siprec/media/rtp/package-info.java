/**
 * RTP building blocks shared by the bundles that move media: the UDP port pool (even RTP port, RTCP on the next),
 * the NIO selector loop that reads datagrams without a thread per stream, the RTP fixed header (parsing and writing
 * without copying) and G.711 (µ-law and A-law) coding. The relay of {@code org.siprec.media}, the embedded SRS and
 * the test call use these classes; none of them depends on the media SPI of {@code org.siprec.api}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.media.rtp;
