package org.siprec.src.b2bua;

/**
 * The recording indication configured ({@code etc/org.siprec.src.cfg}).
 *
 * @param enabled             whether record-aware parties are told a=record at all ({@code record.indication})
 * @param announcementToAware whether a record-aware party told a=record still hears the announcement
 *                            ({@code record.aware.announcement}); {@code false}: a=record instead of it
 */
record IndicationSettings(boolean enabled, boolean announcementToAware) {
}
