package org.siprec.src.recording;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;

/** A call as policies and recorders see it, for tests. */
record TestCall(String callId, Optional<String> sessionId, Participant caller, Participant callee) implements CommunicationSession {
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
        return List.of();
    }

    @Override
    public Instant startTime() {
        return Instant.parse("2026-11-25T10:00:00Z");
    }
}
