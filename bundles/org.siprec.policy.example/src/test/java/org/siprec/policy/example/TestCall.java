package org.siprec.policy.example;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;

/** A call as the SRC hands it to policies: an originating call from {@code from} to {@code to}. */
record TestCall(Participant caller, Participant callee) implements CommunicationSession {

    static TestCall of(String from, String to) {
        return new TestCall(new Participant(from, null), new Participant(to, null));
    }

    @Override
    public String callId() {
        return "call-1";
    }

    @Override
    public Optional<String> sessionId() {
        return Optional.empty();
    }

    @Override
    public SessionCase sessionCase() {
        return SessionCase.ORIGINATING;
    }

    @Override
    public Participant servedUser() {
        return caller;
    }

    @Override
    public List<MediaStream> streams() {
        return List.of(new MediaStream("0", "audio", "PCMA"));
    }

    @Override
    public Instant startTime() {
        return Instant.parse("2026-06-02T08:00:00Z");
    }
}
