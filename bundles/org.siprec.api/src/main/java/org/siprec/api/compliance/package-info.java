/**
 * Compliance SPI: the audit trail of recording decisions and outcomes ({@link org.siprec.api.compliance.AuditSink});
 * since 1.1 the prompts of announcements played before recording
 * ({@link org.siprec.api.compliance.AnnouncementPrompts}, {@link org.siprec.api.compliance.Prompt}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.api.compliance;
