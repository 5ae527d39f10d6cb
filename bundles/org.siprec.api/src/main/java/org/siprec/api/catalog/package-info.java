/**
 * The recording catalogue: what a Session Recording Server holds (recordings in progress and finished, their
 * parties, times, files and state), for shells, the test call and portals. Provided by an SRS (e.g. the embedded
 * one), so that no consumer depends on how an SRS stores its recordings.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.api.catalog;
