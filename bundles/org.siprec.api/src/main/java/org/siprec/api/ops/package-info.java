/**
 * Operational views the core offers to shells, portals and monitoring.
 * Since 1.6: {@link org.siprec.api.ops.MetricsSample#callsShed()} and {@code requestsRejected()} (the 1.5 constructor kept).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package org.siprec.api.ops;
