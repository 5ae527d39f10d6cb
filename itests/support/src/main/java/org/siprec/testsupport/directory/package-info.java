/** Test doubles of the subscriber directory SPI, shared by the policy bundles' tests. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.testsupport.directory;
