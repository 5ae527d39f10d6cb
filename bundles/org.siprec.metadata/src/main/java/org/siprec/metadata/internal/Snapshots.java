package org.siprec.metadata.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Function;

import org.siprec.metadata.DataMode;
import org.siprec.metadata.Group;
import org.siprec.metadata.Participant;
import org.siprec.metadata.ParticipantSessionAssoc;
import org.siprec.metadata.ParticipantStreamAssoc;
import org.siprec.metadata.RecordingMetadata;
import org.siprec.metadata.Session;
import org.siprec.metadata.SessionRecordingAssoc;
import org.siprec.metadata.Stream;

/** Partial updates: computing them from two snapshots and applying them to a snapshot. */
public final class Snapshots {

    private Snapshots() {
    }

    /** @return the elements of {@code current} that are not, identically, in {@code previous}, as a partial update */
    public static RecordingMetadata changes(RecordingMetadata previous, RecordingMetadata current) {
        return new RecordingMetadata(DataMode.PARTIAL,
                changed(previous.groups(), current.groups()),
                changed(previous.sessions(), current.sessions()),
                changed(previous.participants(), current.participants()),
                changed(previous.streams(), current.streams()),
                changed(previous.sessionRecordingAssocs(), current.sessionRecordingAssocs()),
                changed(previous.participantSessionAssocs(), current.participantSessionAssocs()),
                changed(previous.participantStreamAssocs(), current.participantStreamAssocs()),
                changed(previous.extensions(), current.extensions()));
    }

    private static <T> List<T> changed(List<T> previous, List<T> current) {
        List<T> result = new ArrayList<>();
        for (T t : current) {
            if (!previous.contains(t)) {
                result.add(t);
            }
        }
        return result;
    }

    /** @return {@code base} with the elements of the partial {@code update} merged in */
    public static RecordingMetadata merge(RecordingMetadata base, RecordingMetadata update) {
        return new RecordingMetadata(base.dataMode(),
                merge(base.groups(), update.groups(), Group::id, (o, n) -> new Group(o.id(),
                        or(n.associateTime(), o.associateTime()), or(n.disassociateTime(), o.disassociateTime()))),
                merge(base.sessions(), update.sessions(), Session::id, (o, n) -> new Session(o.id(),
                        n.sipSessionIds().isEmpty() ? o.sipSessionIds() : n.sipSessionIds(),
                        n.reasons().isEmpty() ? o.reasons() : n.reasons(),
                        or(n.groupRef(), o.groupRef()), or(n.startTime(), o.startTime()),
                        or(n.stopTime(), o.stopTime()))),
                merge(base.participants(), update.participants(), Participant::id, (o, n) -> new Participant(o.id(),
                        n.nameIds().isEmpty() ? o.nameIds() : n.nameIds())),
                merge(base.streams(), update.streams(), Stream::id, (o, n) -> new Stream(o.id(),
                        or(n.sessionId(), o.sessionId()), or(n.label(), o.label()))),
                merge(base.sessionRecordingAssocs(), update.sessionRecordingAssocs(),
                        SessionRecordingAssoc::sessionId, (o, n) -> new SessionRecordingAssoc(o.sessionId(),
                                or(n.associateTime(), o.associateTime()),
                                or(n.disassociateTime(), o.disassociateTime()))),
                merge(base.participantSessionAssocs(), update.participantSessionAssocs(),
                        a -> List.of(a.participantId(), a.sessionId()),
                        (o, n) -> new ParticipantSessionAssoc(o.participantId(), o.sessionId(),
                                or(n.associateTime(), o.associateTime()),
                                or(n.disassociateTime(), o.disassociateTime()))),
                merge(base.participantStreamAssocs(), update.participantStreamAssocs(),
                        a -> List.of(a.participantId(), new HashSet<>(a.send()), new HashSet<>(a.recv())),
                        (o, n) -> new ParticipantStreamAssoc(o.participantId(), o.send(), o.recv(),
                                or(n.associateTime(), o.associateTime()),
                                or(n.disassociateTime(), o.disassociateTime()))),
                // an extension element of the same namespace and name replaces the earlier one
                merge(base.extensions(), update.extensions(), e -> List.of(e.namespace(), e.name()), (o, n) -> n));
    }

    private static <T> List<T> merge(List<T> base, List<T> update, Function<T, Object> key, BinaryOperator<T> fn) {
        List<T> result = new ArrayList<>(base);
        for (T u : update) {
            Object k = key.apply(u);
            int i = indexOf(result, k, key);
            if (i < 0) {
                result.add(u);
            } else {
                result.set(i, fn.apply(result.get(i), u));
            }
        }
        return result;
    }

    private static <T> int indexOf(List<T> list, Object k, Function<T, Object> key) {
        for (int i = 0; i < list.size(); i++) {
            if (Objects.equals(key.apply(list.get(i)), k)) {
                return i;
            }
        }
        return -1;
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
