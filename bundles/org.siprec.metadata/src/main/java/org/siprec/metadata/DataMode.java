package org.siprec.metadata;

import java.util.Locale;

/** The {@code <datamode>} of a metadata document (RFC 7865 section 6.1 / 7). */
public enum DataMode {
    /** A complete snapshot: every element of the recording session. */
    COMPLETE("complete"),
    /** A partial update: only the elements that changed since the last snapshot. */
    PARTIAL("partial");

    private final String xmlValue;

    DataMode(String xmlValue) {
        this.xmlValue = xmlValue;
    }

    /** @return the value written in {@code <datamode>} */
    public String xmlValue() {
        return xmlValue;
    }

    /**
     * @param value the text of a {@code <datamode>} element; case and surrounding white space are ignored
     * @return the data mode
     * @throws MetadataException if the value is neither {@code complete} nor {@code partial}
     */
    public static DataMode fromXml(String value) throws MetadataException {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (DataMode m : values()) {
            if (m.xmlValue.equals(v)) {
                return m;
            }
        }
        throw new MetadataException("invalid <datamode> '" + value + "': expected 'complete' or 'partial'");
    }
}
