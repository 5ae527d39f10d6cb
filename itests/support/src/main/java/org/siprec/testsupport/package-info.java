/** Test helpers for every module's tests: typed DS configurations ({@link org.siprec.testsupport.Configs}),
 * required external tools ({@link org.siprec.testsupport.Tools}, {@link org.siprec.testsupport.Promtool}) and trace files. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.testsupport;
