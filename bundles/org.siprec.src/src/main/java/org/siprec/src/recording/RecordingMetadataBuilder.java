package org.siprec.src.recording;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.policy.Decision;
import org.siprec.metadata.DataMode;
import org.siprec.metadata.Extension;
import org.siprec.metadata.MetadataFormat;
import org.siprec.metadata.Group;
import org.siprec.metadata.MetadataId;
import org.siprec.metadata.Participant;
import org.siprec.metadata.ParticipantSessionAssoc;
import org.siprec.metadata.ParticipantStreamAssoc;
import org.siprec.metadata.RecordingMetadata;
import org.siprec.metadata.Session;
import org.siprec.metadata.SessionRecordingAssoc;
import org.siprec.metadata.Stream;
import org.siprec.src.decision.CombinedDecision;
import org.siprec.src.decision.PolicyVerdict;

/**
 * The RFC 7865 metadata of one recording session: one group, one session, the caller and the callee, and one stream
 * per direction of each recorded media stream, and the recording decision with every policy's verdict as an
 * extension element ({@code <decision>} in {@value MetadataFormat#DECISION_NAMESPACE}). Identifiers are fixed for the life of the recording so that partial
 * updates refer to the same elements.
 */
final class RecordingMetadataBuilder {
    /** A recorded direction: the call's m= line {@code index}, carrying what side {@code from} sends. */
    record Recorded(String label, int index, Side from) {
    }

    private final MetadataId group = MetadataId.random();
    private final MetadataId session = MetadataId.random();
    private final MetadataId caller = MetadataId.random();
    private final MetadataId callee = MetadataId.random();
    private final CommunicationSession call;
    private final Instant start;
    private final List<Recorded> recorded;
    private final List<MetadataId> streamIds = new ArrayList<>();
    private final Extension decision;

    RecordingMetadataBuilder(CommunicationSession call, Instant start, List<Recorded> recorded) {
        this(call, start, recorded, null);
    }

    /** @param decision the call's recording decision, carried in the metadata; {@code null} for none */
    RecordingMetadataBuilder(CommunicationSession call, Instant start, List<Recorded> recorded, CombinedDecision decision) {
        this.decision = decision == null ? null : decisionElement(decision);
        this.call = call;
        this.start = start;
        this.recorded = List.copyOf(recorded);
        for (int i = 0; i < recorded.size(); i++) {
            streamIds.add(MetadataId.random());
        }
    }

    /**
     * A snapshot of the recording. {@code onHold} tells which sides currently send nothing to record;
     * {@code stop} is the end time once the recording is over, else {@code null}.
     */
    RecordingMetadata snapshot(DataMode mode, boolean callerHeld, boolean calleeHeld, Instant stop) {
        RecordingMetadata.Builder b = RecordingMetadata.builder(mode);
        Group g = Group.of(group, start);
        Session s = (call.sessionId().isPresent() ? Session.of(session, call.sessionId().get()) : Session.of(session))
                .withGroupRef(group).withStartTime(start);
        SessionRecordingAssoc sra = SessionRecordingAssoc.of(session, start);
        if (stop != null) {
            g = g.withDisassociateTime(stop);
            s = s.withStopTime(stop);
            sra = sra.withDisassociateTime(stop);
        }
        b.group(g).session(s).sessionRecordingAssoc(sra);
        b.participant(Participant.of(caller, call.caller().aor(), call.caller().displayName()));
        b.participant(Participant.of(callee, call.callee().aor(), call.callee().displayName()));
        List<MetadataId> callerSends = new ArrayList<>();
        List<MetadataId> calleeSends = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            Recorded r = recorded.get(i);
            b.stream(Stream.of(streamIds.get(i), session, r.label()));
            (r.from() == Side.A ? callerSends : calleeSends).add(streamIds.get(i));
        }
        ParticipantSessionAssoc callerInSession = ParticipantSessionAssoc.of(caller, session, start);
        ParticipantSessionAssoc calleeInSession = ParticipantSessionAssoc.of(callee, session, start);
        // a party on hold neither sends to nor receives from the other (RFC 7865 section 6.7)
        ParticipantStreamAssoc callerStreams = ParticipantStreamAssoc.of(caller, callerHeld ? List.of() : callerSends,
                calleeHeld ? List.of() : calleeSends, start);
        ParticipantStreamAssoc calleeStreams = ParticipantStreamAssoc.of(callee, calleeHeld ? List.of() : calleeSends,
                callerHeld ? List.of() : callerSends, start);
        if (stop != null) {
            callerInSession = callerInSession.withDisassociateTime(stop);
            calleeInSession = calleeInSession.withDisassociateTime(stop);
            callerStreams = callerStreams.withDisassociateTime(stop);
            calleeStreams = calleeStreams.withDisassociateTime(stop);
        }
        b.participantSessionAssoc(callerInSession).participantSessionAssoc(calleeInSession);
        b.participantStreamAssoc(callerStreams).participantStreamAssoc(calleeStreams);
        if (decision != null) {
            b.extension(decision);
        }
        return b.build();
    }

    /**
     * The namespace of the platform's pause element, an extension element (RFC 7865 {@code ##other}) at the
     * {@code <recording>} level of partial updates.
     */
    static final String PAUSE_NAMESPACE = "urn:x-siprec-platform:xml:ns:pause:1";

    /**
     * {@code <pause start="..."/>} when the recording is paused, {@code <pause start="..." end="..."/>} when it is
     * resumed: the interval in which nothing of the call was sent to the SRS (UTC {@code xs:dateTime}, ms).
     */
    static Extension pauseElement(Instant start, Instant end) {
        Extension e = Extension.of(PAUSE_NAMESPACE, "pause").withAttribute("start",
                start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        return end == null ? e : e.withAttribute("end", end.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    }

    /**
     * {@code <decision verdict mandatory [announcement]><reason/><policy name ranking verdict [failure]>reason</policy>...}
     * in the platform's namespace (schema {@code decision-1.xsd} of org.siprec.metadata).
     */
    static Extension decisionElement(CombinedDecision combined) {
        String ns = MetadataFormat.DECISION_NAMESPACE;
        Decision d = combined.decision();
        Extension e = Extension.of(ns, "decision").withAttribute("verdict", d.verdict().name())
                .withAttribute("mandatory", Boolean.toString(d.mandatory()))
                .withAttribute("announcement", d.announcement().orElse(null))
                .withChild(Extension.of(ns, "reason").withText(d.reason()));
        for (PolicyVerdict v : combined.verdicts()) {
            e = e.withChild(Extension.of(ns, "policy").withAttribute("name", v.policy())
                    .withAttribute("ranking", Integer.toString(v.ranking()))
                    .withAttribute("verdict", v.decision().verdict().name()).withAttribute("failure", v.failure())
                    .withText(v.decision().reason()));
        }
        return e;
    }
}
