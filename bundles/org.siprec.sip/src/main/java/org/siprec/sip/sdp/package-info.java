/**
 * SDP (RFC 4566) reading and the rewriting a media-anchoring B2BUA needs, built on the JSR 141 SDP API of the
 * JAIN-SIP RI.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.sip.sdp;
