/**
 * Compliance SPI: the audit trail of recording decisions and outcomes ({@link org.siprec.api.compliance.AuditSink});
 * since 1.1 the prompts of announcements played before recording
 * ({@link org.siprec.api.compliance.AnnouncementPrompts}, {@link org.siprec.api.compliance.Prompt}); since 1.2 the
 * {@link org.siprec.api.compliance.AuditSink#MOVED} event (a recording moved to another SRS mid-call).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.siprec.api.compliance;
