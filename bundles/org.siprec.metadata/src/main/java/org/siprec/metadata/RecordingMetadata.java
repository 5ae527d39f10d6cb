package org.siprec.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.siprec.metadata.internal.Snapshots;

/**
 * One RFC 7865 metadata document ({@code <recording>}): a complete snapshot or a partial update of a recording
 * session's metadata. Immutable; build one with {@link #builder()}.
 *
 * @param dataMode complete snapshot or partial update
 * @param groups the {@code <group>}s
 * @param sessions the {@code <session>}s (communication sessions)
 * @param participants the {@code <participant>}s
 * @param streams the {@code <stream>}s
 * @param sessionRecordingAssocs the {@code <sessionrecordingassoc>}s
 * @param participantSessionAssocs the {@code <participantsessionassoc>}s
 * @param participantStreamAssocs the {@code <participantstreamassoc>}s
 * @param extensions elements of other namespaces at the {@code <recording>} level (RFC 7865 {@code ##other}),
 *        written after the RFC elements
 */
public record RecordingMetadata(DataMode dataMode, List<Group> groups, List<Session> sessions,
        List<Participant> participants, List<Stream> streams, List<SessionRecordingAssoc> sessionRecordingAssocs,
        List<ParticipantSessionAssoc> participantSessionAssocs, List<ParticipantStreamAssoc> participantStreamAssocs,
        List<Extension> extensions) {

    public RecordingMetadata {
        Objects.requireNonNull(dataMode, "dataMode");
        groups = copy(groups);
        sessions = copy(sessions);
        participants = copy(participants);
        streams = copy(streams);
        sessionRecordingAssocs = copy(sessionRecordingAssocs);
        participantSessionAssocs = copy(participantSessionAssocs);
        participantStreamAssocs = copy(participantStreamAssocs);
        extensions = copy(extensions);
    }

    /** A document without extension elements. */
    public RecordingMetadata(DataMode dataMode, List<Group> groups, List<Session> sessions,
            List<Participant> participants, List<Stream> streams, List<SessionRecordingAssoc> sessionRecordingAssocs,
            List<ParticipantSessionAssoc> participantSessionAssocs,
            List<ParticipantStreamAssoc> participantStreamAssocs) {
        this(dataMode, groups, sessions, participants, streams, sessionRecordingAssocs, participantSessionAssocs,
                participantStreamAssocs, List.of());
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** @return a builder for a complete snapshot */
    public static Builder builder() {
        return new Builder(DataMode.COMPLETE);
    }

    /** @return a builder for a document of the given mode */
    public static Builder builder(DataMode mode) {
        return new Builder(mode);
    }

    /** @return a builder holding this document's elements */
    public Builder toBuilder() {
        Builder b = new Builder(dataMode);
        b.groups.addAll(groups);
        b.sessions.addAll(sessions);
        b.participants.addAll(participants);
        b.streams.addAll(streams);
        b.sessionRecordingAssocs.addAll(sessionRecordingAssocs);
        b.participantSessionAssocs.addAll(participantSessionAssocs);
        b.participantStreamAssocs.addAll(participantStreamAssocs);
        b.extensions.addAll(extensions);
        return b;
    }

    /** @return whether the document holds no element at all */
    public boolean isEmpty() {
        return groups.isEmpty() && sessions.isEmpty() && participants.isEmpty() && streams.isEmpty()
                && sessionRecordingAssocs.isEmpty() && participantSessionAssocs.isEmpty()
                && participantStreamAssocs.isEmpty() && extensions.isEmpty();
    }

    public Optional<Session> session(MetadataId id) {
        return sessions.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Participant> participant(MetadataId id) {
        return participants.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<Stream> stream(MetadataId id) {
        return streams.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** @return the extension elements with the given namespace and local name, in document order */
    public List<Extension> extensions(String namespace, String name) {
        return extensions.stream().filter(e -> e.namespace().equals(namespace) && e.name().equals(name)).toList();
    }

    /** @return the stream with the given SDP label, if any */
    public Optional<Stream> streamByLabel(String label) {
        return streams.stream().filter(s -> Objects.equals(s.label(), label)).findFirst();
    }

    /** @return the participants that send the stream (one for a per-party stream, several for a mixed stream) */
    public List<Participant> sendersOf(MetadataId streamId) {
        List<Participant> result = new ArrayList<>();
        for (ParticipantStreamAssoc a : participantStreamAssocs) {
            if (a.sends(streamId)) {
                participant(a.participantId()).filter(p -> !result.contains(p)).ifPresent(result::add);
            }
        }
        return result;
    }

    /** @return the ids of the streams the participant sends, in document order, without duplicates */
    public List<MetadataId> streamsSentBy(MetadataId participantId) {
        List<MetadataId> result = new ArrayList<>();
        for (ParticipantStreamAssoc a : participantStreamAssocs) {
            if (a.participantId().equals(participantId)) {
                a.send().stream().filter(s -> !result.contains(s)).forEach(result::add);
            }
        }
        return result;
    }

    /**
     * The partial update that turns {@code previous} into this snapshot: every element that is new or differs
     * from its counterpart in {@code previous}, whole; for a {@code <participantstreamassoc>} whose streams
     * changed, a new association. Elements that disappeared are not expressed (RFC 7865 has no removal;
     * end them with a disassociate time instead).
     *
     * @param previous the snapshot last sent
     * @return a document with {@link DataMode#PARTIAL}; {@link #isEmpty()} when nothing changed
     */
    public RecordingMetadata changesSince(RecordingMetadata previous) {
        return Snapshots.changes(previous, this);
    }

    /**
     * Applies an update received after this snapshot. A complete update replaces this snapshot. A partial update
     * is merged element by element (by id; associations by their ids and streams): a value present in the update
     * wins, a value absent from it (e.g. an associate time not repeated next to a new disassociate time) is kept;
     * new elements are appended.
     *
     * @param update a complete or partial document
     * @return the resulting snapshot, with this snapshot's data mode for a partial update
     */
    public RecordingMetadata apply(RecordingMetadata update) {
        return update.dataMode == DataMode.COMPLETE ? update : Snapshots.merge(this, update);
    }

    /** Collects the elements of a {@link RecordingMetadata}. Not thread-safe. */
    public static final class Builder {
        private DataMode dataMode;
        private final List<Group> groups = new ArrayList<>();
        private final List<Session> sessions = new ArrayList<>();
        private final List<Participant> participants = new ArrayList<>();
        private final List<Stream> streams = new ArrayList<>();
        private final List<SessionRecordingAssoc> sessionRecordingAssocs = new ArrayList<>();
        private final List<ParticipantSessionAssoc> participantSessionAssocs = new ArrayList<>();
        private final List<ParticipantStreamAssoc> participantStreamAssocs = new ArrayList<>();
        private final List<Extension> extensions = new ArrayList<>();

        private Builder(DataMode mode) {
            this.dataMode = Objects.requireNonNull(mode, "mode");
        }

        public Builder dataMode(DataMode mode) {
            this.dataMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder group(Group group) {
            groups.add(Objects.requireNonNull(group));
            return this;
        }

        public Builder session(Session session) {
            sessions.add(Objects.requireNonNull(session));
            return this;
        }

        public Builder participant(Participant participant) {
            participants.add(Objects.requireNonNull(participant));
            return this;
        }

        public Builder stream(Stream stream) {
            streams.add(Objects.requireNonNull(stream));
            return this;
        }

        public Builder sessionRecordingAssoc(SessionRecordingAssoc assoc) {
            sessionRecordingAssocs.add(Objects.requireNonNull(assoc));
            return this;
        }

        public Builder participantSessionAssoc(ParticipantSessionAssoc assoc) {
            participantSessionAssocs.add(Objects.requireNonNull(assoc));
            return this;
        }

        public Builder participantStreamAssoc(ParticipantStreamAssoc assoc) {
            participantStreamAssocs.add(Objects.requireNonNull(assoc));
            return this;
        }

        /** Adds an element of another namespace at the {@code <recording>} level. */
        public Builder extension(Extension extension) {
            extensions.add(Objects.requireNonNull(extension));
            return this;
        }

        public RecordingMetadata build() {
            return new RecordingMetadata(dataMode, groups, sessions, participants, streams, sessionRecordingAssocs,
                    participantSessionAssocs, participantStreamAssocs, extensions);
        }
    }
}
