/**
 * Call model shared by the core and plugins: communication sessions, participants, media streams.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.api.model;
