package org.siprec.src.recording;

import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsTarget;

/** One SRS to try for a call, with the adapter that chose it (which hears how it went). */
public record SrsCandidate(SrsTarget target, SrsAdapter adapter) {
    public String uri() {
        return target.uri();
    }
}
