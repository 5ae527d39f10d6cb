/** Mutations of valid input for property-based (jqwik) fuzz tests of the platform's parsers. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.testsupport.fuzz;
