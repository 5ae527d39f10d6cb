/** Test helpers for every module's tests: typed DS configurations ({@link org.siprec.testsupport.Configs}),
 * required external tools ({@link org.siprec.testsupport.Tools}) and trace files. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.testsupport;
