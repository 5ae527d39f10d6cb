package org.siprec.directory.jdbc;

import org.siprec.api.directory.FeatureCodes;

/** The feature codes field as the shell and the files write it; {@code default} (or nothing) sets nothing. */
final class FeatureCodeText {
    private FeatureCodeText() {
    }

    static FeatureCodes parse(String text) {
        return text == null || text.isBlank() || text.strip().equalsIgnoreCase("default") ? FeatureCodes.INHERIT
                : FeatureCodes.parse(text);
    }

    static String show(FeatureCodes codes, String inherited) {
        return codes.inherits() ? "- (" + inherited + ")" : codes.toString();
    }
}
