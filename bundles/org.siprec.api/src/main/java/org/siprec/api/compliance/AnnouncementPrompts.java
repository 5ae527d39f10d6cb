package org.siprec.api.compliance;

import org.osgi.annotation.versioning.ConsumerType;
import org.siprec.api.model.CommunicationSession;

/**
 * Provides the prompts of announcements: implemented by a compliance plugin (the built-in one is
 * {@code org.siprec.compliance.announcement}), used by the core when a recording decision names an announcement.
 * <p>
 * The core calls {@link #prompt} once per call, on the call's signalling thread, when the call is answered: it must
 * answer from memory (prompts are loaded and checked in advance), never block on files or the network. With no
 * provider registered, or when it throws, the announcement is unavailable: audited as
 * {@link AuditSink#ANNOUNCEMENT_UNAVAILABLE}, and the call is recorded without it or, when the decision is mandatory,
 * released.
 *
 * @since 1.1
 */
@ConsumerType
public interface AnnouncementPrompts {
    /**
     * The prompt of an announcement for a call, in the language of the call's served user (a user's language, else
     * their company's, else a default), with who hears it.
     *
     * @param announcement the identifier the decision named
     * @param call         the call (its served user chooses the language)
     * @throws PromptUnavailableException when there is no playable prompt; the message says why
     */
    Prompt prompt(String announcement, CommunicationSession call) throws PromptUnavailableException;
}
