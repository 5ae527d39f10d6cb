package org.siprec.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A call passing through the platform, as seen by policies, SRS adapters and stores (RFC 7865 "CS").
 * Implementations are immutable snapshots.
 */
@ProviderType
public interface CommunicationSession {
    /** The Call-ID of the call as it arrived (A-leg). */
    String callId();

    /** The RFC 7989 Session-ID of the call, when one was signalled. */
    Optional<String> sessionId();

    /** Whether the platform serves the caller or the callee on this call. */
    SessionCase sessionCase();

    /** The served user: the caller for {@link SessionCase#ORIGINATING}, the callee otherwise. */
    Participant servedUser();

    Participant caller();

    Participant callee();

    List<MediaStream> streams();

    /** When the initial INVITE arrived. */
    Instant startTime();
}
