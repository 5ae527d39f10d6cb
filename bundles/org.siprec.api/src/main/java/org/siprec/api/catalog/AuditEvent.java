package org.siprec.api.catalog;

import java.time.Instant;

/**
 * An event of a recording's audit trail: who did what with it, when.
 *
 * @param time   when
 * @param event  what, a dotted name ({@code portal.audio}, {@code hold.set}, {@code recording.interrupted} ...)
 * @param detail human-readable detail
 * @param actor  who ({@code portal:karaf@127.0.0.1}, {@code store}, {@code shell} ...)
 * @since 1.3
 */
public record AuditEvent(Instant time, String event, String detail, String actor) {
}
