/**
 * SDP (RFC 4566) through the JSR 141 SDP API of the JAIN-SIP RI: reading a body into {@link SdpMedia} lines (with
 * proto, label, rtpmap and fmtp), the rewriting a media-anchoring B2BUA needs ({@link SessionDescriptionEditor}),
 * and writing new bodies ({@link SdpBuilder}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.siprec.sip.sdp;
