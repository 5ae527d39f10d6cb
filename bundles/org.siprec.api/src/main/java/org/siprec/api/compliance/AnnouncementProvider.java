package org.siprec.api.compliance;

import java.net.URI;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import org.siprec.api.model.CommunicationSession;

/** Finds the audio of a compliance announcement for a call (per company, per language). */
@ConsumerType
public interface AnnouncementProvider {
    /** The location of a G.711 WAV prompt for the announcement identifier, if this provider has one. */
    Optional<URI> prompt(String announcement, CommunicationSession session);
}
