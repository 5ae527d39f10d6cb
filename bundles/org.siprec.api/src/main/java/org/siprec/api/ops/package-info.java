/**
 * Operational views the core offers to shells, portals and monitoring.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package org.siprec.api.ops;
