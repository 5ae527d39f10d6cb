/** Pax Exam options that boot the siprec Karaf distribution. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.testsupport.exam;
