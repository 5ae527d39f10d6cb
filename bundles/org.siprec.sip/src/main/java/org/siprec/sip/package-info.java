/**
 * The platform's SIP endpoint: one JAIN-SIP stack shared by the SRC and other SIP applications of the platform.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.sip;
