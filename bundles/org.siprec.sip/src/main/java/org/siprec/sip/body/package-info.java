/**
 * SIP message bodies: MIME multipart (RFC 5621) as SIPREC uses it for SDP plus recording metadata.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.sip.body;
