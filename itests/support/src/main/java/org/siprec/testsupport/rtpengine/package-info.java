/** A real rtpengine daemon (Debian {@code rtpengine-daemon}) started by a test, in userspace on 127.0.0.1. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.testsupport.rtpengine;
