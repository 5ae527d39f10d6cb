package org.siprec.api.media;

/**
 * RTP packet counts of one {@link MediaDirection}, all streams of the mirror together, since the mirror started.
 * Each value only grows.
 *
 * @param received RTP packets the mirror accepted from the sending party ({@link MediaDirection#SRS}: packets handed
 *     to a copy with a target that is not paused)
 * @param sent RTP packets sent on (to the other party; {@link MediaDirection#SRS}: copies sent to an SRS)
 * @param dropped RTP packets accepted but not sent on: the other party had no address yet or was held, or the socket
 *     refused the packet ({@link MediaDirection#SRS}: copies the socket refused)
 * @param lost RTP packets the sending party sent that never arrived, from the gaps in each source's sequence numbers
 *     (a gap of more than 3,000 counts as a restart, not a loss); {@code 0} for {@link MediaDirection#SRS}, whose
 *     losses only the SRS sees
 * @since 1.4
 */
public record PacketCounts(long received, long sent, long dropped, long lost) {
}
