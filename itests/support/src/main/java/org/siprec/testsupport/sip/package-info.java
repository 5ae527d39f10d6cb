/** SIP probes usable inside and outside a Karaf under test. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.testsupport.sip;
