/**
 * Recording policy SPI: plugins decide per call whether it is recorded.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.api.policy;
