/**
 * Media SPI: the media mirror relays a call's RTP and forks it to recorders.
 * Since 1.2: prompt playback toward one side of a stream ({@link RelayStream#play}) and bridging control
 * ({@link RelayStream#bridged(boolean)}), for announcements before recording.
 * Since 1.4: further copies of a direction ({@link RelayStream#fork(RelayStream.Side, int)}), one per recording of a call.
 * Since 1.4: SRTP copies with SDES keys ({@link ForkStream#srtpOffer()}, {@link ForkStream#plainRtp()}).
 * Since 1.4: packet counts per direction ({@link MediaMirror#packetCounts(MediaDirection)}) for the metrics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.siprec.api.media;
