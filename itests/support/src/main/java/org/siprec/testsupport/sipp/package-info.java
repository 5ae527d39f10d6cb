/** Runs SIPp (Debian package sip-tester) as caller, callee or SRS with its traces kept per test. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.testsupport.sipp;
