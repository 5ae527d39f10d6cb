package org.siprec.src.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;

/** An immutable view of a call handed to policies and SRS adapters. */
record CallSnapshot(String callId, Optional<String> sessionId, SessionCase sessionCase, Participant caller,
        Participant callee, List<MediaStream> streams, Instant startTime) implements CommunicationSession {

    @Override
    public Participant servedUser() {
        return sessionCase == SessionCase.ORIGINATING ? caller : callee;
    }
}
