package org.siprec.api.srs;

import java.util.Objects;

/**
 * One Session Recording Server to send a recording session to.
 *
 * @param uri the SIP URI of the SRS, e.g. {@code sip:srs@10.0.0.5:5070;transport=tcp}
 */
public record SrsTarget(String uri) {
    public SrsTarget {
        Objects.requireNonNull(uri, "uri");
    }
}
