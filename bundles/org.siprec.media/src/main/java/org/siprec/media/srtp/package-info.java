/**
 * SRTP (RFC 3711) for the media copies sent to recorders and received by the embedded SRS, keyed by SDES
 * (RFC 4568 {@code a=crypto}): the AES_CM_128_HMAC_SHA1_80 and AES_CM_128_HMAC_SHA1_32 suites, session key
 * derivation (key derivation rate 0), AES counter mode, the HMAC-SHA1 tag, rollover counter tracking and a 64-packet
 * replay window on receive. Built on {@code javax.crypto} only. {@link SrtpStream} protects or unprotects RTP in
 * place (one instance per stream and thread); {@link SdesCrypto} reads and writes the SDP attribute.
 *
 * <p>SDES keys travel in the SDP: they are only as secret as the signalling (SIP over TLS, or a trusted network;
 * RFC 4568 section 8.3).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.media.srtp;
