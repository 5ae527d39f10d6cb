package org.siprec.policy.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;

/** A call as the SRC hands it to policies. */
record TestCall(String callId, SessionCase sessionCase, Participant caller, Participant callee, Instant startTime)
        implements CommunicationSession {

    static TestCall of(String from, String to, SessionCase sessionCase, Instant at) {
        return new TestCall("call-1", sessionCase, new Participant(from, null), new Participant(to, null), at);
    }

    static TestCall of(String from, String to, SessionCase sessionCase) {
        return of(from, to, sessionCase, Instant.parse("2026-06-02T08:00:00Z"));
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
        return List.of(new MediaStream("0", "audio", "PCMA"));
    }
}
