package org.siprec.metadata.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.siprec.metadata.DataMode;
import org.siprec.metadata.Extension;
import org.siprec.metadata.MetadataFormat;
import org.siprec.metadata.Group;
import org.siprec.metadata.MetadataException;
import org.siprec.metadata.MetadataId;
import org.siprec.metadata.NameId;
import org.siprec.metadata.Participant;
import org.siprec.metadata.ParticipantSessionAssoc;
import org.siprec.metadata.ParticipantStreamAssoc;
import org.siprec.metadata.Reason;
import org.siprec.metadata.RecordingMetadata;
import org.siprec.metadata.Session;
import org.siprec.metadata.SessionRecordingAssoc;
import org.siprec.metadata.Stream;

/**
 * Turns a parsed {@code <recording>} into the model, tolerantly: elements are matched by normalized local name in
 * any namespace and any order, unknown elements and attributes are skipped, and the pre-RFC draft forms are mapped
 * onto RFC 7865:
 * <ul>
 * <li>{@code id} for {@code group_id}/{@code session_id}/{@code participant_id}/{@code stream_id},
 * {@code session} for {@code session_id};</li>
 * <li>{@code <associate-time>}/{@code <disassociate-time>} inside a {@code <session>} → a
 * {@code <sessionrecordingassoc>};</li>
 * <li>{@code <send>}/{@code <recv>} inside a {@code <participant>} → a {@code <participantstreamassoc>};
 * a participant's {@code session} attribute and times → a {@code <participantsessionassoc>};</li>
 * <li>{@code <aor>} and {@code <name>} directly inside a {@code <participant>} → a {@code <nameID>};</li>
 * <li>a stream or participant without a session reference belongs to the only session, if there is one.</li>
 * </ul>
 * Elements without their id are skipped. A draft form is used only when the RFC form of the same association is
 * absent.
 */
public final class MetadataInterpreter {

    private MetadataInterpreter() {
    }

    public static RecordingMetadata interpret(XmlNode root) throws MetadataException {
        if (!root.key.equals("recording")) {
            throw new MetadataException("not recording metadata: root element <" + root.localName
                    + "> in namespace '" + root.namespace + "' (expected <recording> or <recording_metadata>)");
        }
        DataMode mode = DataMode.COMPLETE;
        List<Group> groups = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        List<Participant> participants = new ArrayList<>();
        List<Stream> streams = new ArrayList<>();
        List<SessionRecordingAssoc> sras = new ArrayList<>();
        List<ParticipantSessionAssoc> psas = new ArrayList<>();
        List<ParticipantStreamAssoc> pstas = new ArrayList<>();
        List<SessionRecordingAssoc> draftSras = new ArrayList<>();
        List<XmlNode> draftParticipants = new ArrayList<>();
        List<XmlNode> streamNodes = new ArrayList<>();
        List<Extension> extensions = new ArrayList<>();

        for (XmlNode n : root.children) {
            switch (n.key) {
                case "datamode":
                    mode = DataMode.fromXml(n.text());
                    break;
                case "group": {
                    MetadataId id = id(n.attr("groupid", "id"));
                    if (id != null) {
                        groups.add(new Group(id, time(n, "associatetime"), time(n, "disassociatetime")));
                    }
                    break;
                }
                case "session": {
                    MetadataId id = id(n.attr("sessionid", "id"));
                    if (id == null) {
                        break;
                    }
                    sessions.add(session(n, id));
                    Instant a = time(n, "associatetime");
                    Instant d = time(n, "disassociatetime");
                    if (a != null || d != null) {
                        draftSras.add(new SessionRecordingAssoc(id, a, d));
                    }
                    break;
                }
                case "participant": {
                    MetadataId id = id(n.attr("participantid", "id"));
                    if (id != null) {
                        participants.add(new Participant(id, nameIds(n)));
                        draftParticipants.add(n);
                    }
                    break;
                }
                case "stream":
                    streamNodes.add(n);
                    break;
                case "sessionrecordingassoc": {
                    MetadataId s = id(n.attr("sessionid", "session", "id"));
                    if (s != null) {
                        sras.add(new SessionRecordingAssoc(s, time(n, "associatetime"), time(n, "disassociatetime")));
                    }
                    break;
                }
                case "participantsessionassoc": {
                    MetadataId p = id(n.attr("participantid", "participant"));
                    MetadataId s = id(n.attr("sessionid", "session"));
                    if (p != null && s != null) {
                        psas.add(new ParticipantSessionAssoc(p, s, time(n, "associatetime"),
                                time(n, "disassociatetime")));
                    }
                    break;
                }
                case "participantstreamassoc": {
                    MetadataId p = id(n.attr("participantid", "participant"));
                    if (p != null) {
                        pstas.add(new ParticipantStreamAssoc(p, ids(n, "send"), ids(n, "recv"),
                                time(n, "associatetime"), time(n, "disassociatetime")));
                    }
                    break;
                }
                default:
                    // an element of another namespace is kept as an extension; an unknown one of ours is ignored
                    if (isExtension(n)) {
                        extensions.add(extension(n, n.namespace));
                    }
                    break;
            }
        }
        MetadataId onlySession = sessions.size() == 1 ? sessions.get(0).id() : null;

        for (XmlNode n : streamNodes) {
            MetadataId id = id(n.attr("streamid", "id"));
            if (id == null) {
                continue;
            }
            MetadataId session = id(n.attr("sessionid", "session"));
            XmlNode label = n.child("label");
            String text = label == null || label.text().isEmpty() ? null : label.text();
            streams.add(new Stream(id, session == null ? onlySession : session, text));
        }
        for (SessionRecordingAssoc d : draftSras) {
            if (sras.stream().noneMatch(a -> a.sessionId().equals(d.sessionId()))) {
                sras.add(d);
            }
        }
        for (XmlNode n : draftParticipants) {
            draftParticipant(n, onlySession, psas, pstas);
        }
        return new RecordingMetadata(mode, groups, sessions, participants, streams, sras, psas, pstas, extensions);
    }

    private static Session session(XmlNode n, MetadataId id) throws MetadataException {
        List<String> sipSessionIds = new ArrayList<>();
        for (XmlNode s : n.children("sipsessionid")) {
            String v = s.text().replaceAll("\\s+", "");
            if (!v.isEmpty()) {
                sipSessionIds.add(v);
            }
        }
        List<Reason> reasons = new ArrayList<>();
        for (XmlNode r : n.children("reason")) {
            String text = r.text();
            reasons.add(new Reason(r.attr("protocol"), integer(r.attr("cause")), text.isEmpty() ? null : text));
        }
        XmlNode groupRef = n.child("groupref");
        return new Session(id, sipSessionIds, reasons, groupRef == null ? null : id(groupRef.text()),
                time(n, "starttime"), time(n, "stoptime"));
    }

    private static List<NameId> nameIds(XmlNode participant) {
        List<NameId> result = new ArrayList<>();
        for (XmlNode n : participant.children("nameid")) {
            String aor = n.attr("aor");
            if (aor == null && n.child("aor") != null) {
                aor = n.child("aor").text();
            }
            addNames(result, aor == null ? null : aor.strip(), n.children("name"));
        }
        // drafts: <aor> and <name> directly inside <participant>
        for (XmlNode a : participant.children("aor")) {
            addNames(result, a.text(), participant.children("name"));
        }
        return result;
    }

    private static void addNames(List<NameId> result, String aor, List<XmlNode> names) {
        if (names.isEmpty()) {
            result.add(new NameId(aor, null, null));
        }
        for (XmlNode name : names) {
            String text = name.text();
            result.add(new NameId(aor, text.isEmpty() ? null : text, name.attr("lang")));
        }
    }

    private static void draftParticipant(XmlNode n, MetadataId onlySession, List<ParticipantSessionAssoc> psas,
            List<ParticipantStreamAssoc> pstas) throws MetadataException {
        MetadataId p = id(n.attr("participantid", "id"));
        Instant a = time(n, "associatetime");
        Instant d = time(n, "disassociatetime");
        List<MetadataId> send = ids(n, "send");
        List<MetadataId> recv = ids(n, "recv");
        MetadataId s = id(n.attr("sessionid", "session"));
        if (s == null) {
            s = onlySession;
        }
        if (s != null && (a != null || d != null || n.attr("sessionid", "session") != null)) {
            MetadataId session = s;
            if (psas.stream().noneMatch(x -> x.participantId().equals(p) && x.sessionId().equals(session))) {
                psas.add(new ParticipantSessionAssoc(p, s, a, d));
            }
        }
        if ((!send.isEmpty() || !recv.isEmpty()) && pstas.stream().noneMatch(x -> x.participantId().equals(p))) {
            pstas.add(new ParticipantStreamAssoc(p, send, recv, a, d));
        }
    }

    private static List<MetadataId> ids(XmlNode n, String key) {
        List<MetadataId> result = new ArrayList<>();
        for (XmlNode c : n.children(key)) {
            MetadataId id = id(c.text());
            if (id != null) {
                result.add(id);
            }
        }
        return result;
    }

    /** Ids are base64 in the RFC; white space inside base64 is insignificant. */
    private static MetadataId id(String value) {
        if (value == null) {
            return null;
        }
        String v = value.replaceAll("\\s+", "");
        return v.isEmpty() ? null : new MetadataId(v);
    }

    private static Instant time(XmlNode parent, String key) throws MetadataException {
        XmlNode n = parent.child(key);
        if (n == null || n.text().isEmpty()) {
            return null;
        }
        Instant t = Times.parse(n.text());
        if (t == null) {
            throw new MetadataException("invalid <" + n.localName + "> '" + n.text() + "' in <" + parent.localName
                    + ">" + (n.line > 0 ? " at line " + n.line : "") + ": not an xs:dateTime");
        }
        return t;
    }

    private static Integer integer(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }


    private static boolean isExtension(XmlNode n) {
        return !n.namespace.isEmpty() && !n.namespace.equals(MetadataFormat.NAMESPACE)
                && !n.namespace.equals(MetadataFormat.LEGACY_NAMESPACE)
                && !n.namespace.equals(MetadataFormat.SIPREC_DRAFT_NAMESPACE);
    }

    /** The element as an extension; attribute names as normalized by the reader, children of other namespaces dropped. */
    private static Extension extension(XmlNode n, String namespace) {
        List<Extension> children = new ArrayList<>();
        for (XmlNode c : n.children) {
            if (c.namespace.equals(namespace)) {
                children.add(extension(c, namespace));
            }
        }
        String text = n.text();
        return new Extension(namespace, n.localName, n.attributes, text.isEmpty() ? null : text, children);
    }
}
