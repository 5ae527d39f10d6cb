/**
 * The platform's SIP endpoint: one JAIN-SIP stack shared by the SRC and other SIP applications of the platform,
 * and what those applications share: reading header values ({@link SipHeaders}, {@link NameAddr}) and running a
 * dialog's events in order ({@link SerialExecutor}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.siprec.sip;
