package org.siprec.src.decision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;

/**
 * The call {@code siprec:explain} asks the policies about: what a call's initial INVITE would give (caller, callee,
 * session case, start time, one audio stream), with a Call-ID that names it as an explanation.
 */
record ExplainedCall(String callId, SessionCase sessionCase, Participant caller, Participant callee,
        Instant startTime) implements CommunicationSession {

    static ExplainedCall of(String from, String to, SessionCase sessionCase, Instant at) {
        return new ExplainedCall("explain-" + UUID.randomUUID(), sessionCase, new Participant(uri(from), null),
                new Participant(uri(to), null), at);
    }

    /** A URI as given ({@code sip:}, {@code sips:}, {@code tel:}); a bare number or user becomes {@code tel:}. */
    static String uri(String address) {
        String a = address.strip();
        if (a.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        int colon = a.indexOf(':');
        String scheme = colon < 0 ? "" : a.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("sip") || scheme.equals("sips") || scheme.equals("tel") ? a : "tel:" + a;
    }

    @Override
    public Optional<String> sessionId() {
        return Optional.empty();
    }

    @Override
    public Participant servedUser() {
        return sessionCase == SessionCase.ORIGINATING ? caller : callee;
    }

    @Override
    public List<MediaStream> streams() {
        return List.of(new MediaStream("0", "audio", null));
    }
}
