package org.siprec.itests.blackbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * RFC 7865 recording metadata as an SRS receives it, read with the JDK's DOM parser: the elements and the
 * references between them (participant, stream label, the associations), for assertions on what the metadata
 * says rather than on how it is spelt.
 */
final class RsMetadata {

    static final String NS = "urn:ietf:params:xml:ns:recording:1";

    /** A participantstreamassoc: the stream ids the participant sends and receives. */
    record StreamAssoc(List<String> send, List<String> recv) {
    }

    private final Element root;
    private final String xml;

    private RsMetadata(Element root, String xml) {
        this.root = root;
        this.xml = xml;
    }

    static RsMetadata parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.trim().getBytes(StandardCharsets.UTF_8)));
            Element root = d.getDocumentElement();
            if (!NS.equals(root.getNamespaceURI()) || !"recording".equals(root.getLocalName())) {
                throw new IllegalArgumentException("not RFC 7865 metadata: " + root.getTagName());
            }
            return new RsMetadata(root, xml);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("unparseable metadata: " + e + "\n" + xml, e);
        }
    }

    String dataMode() {
        return text(root, "datamode");
    }

    List<Element> elements(String name) {
        List<Element> list = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                list.add(e);
            }
        }
        return list;
    }

    /** participant_id → the aor of its (first) nameID. */
    Map<String, String> participantAors() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Element p : elements("participant")) {
            Element nameId = child(p, "nameID");
            m.put(p.getAttribute("participant_id"), nameId == null ? null : nameId.getAttribute("aor"));
        }
        return m;
    }

    /** participant_id → the display name of its (first) nameID, null if it has none. */
    Map<String, String> participantNames() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Element p : elements("participant")) {
            Element nameId = child(p, "nameID");
            m.put(p.getAttribute("participant_id"), nameId == null ? null : text(nameId, "name"));
        }
        return m;
    }

    /** The participant_id whose aor is this one, or null. */
    String participantWithAor(String aor) {
        return participantAors().entrySet().stream().filter(e -> aor.equals(e.getValue())).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** label → stream_id. */
    Map<String, String> streamsByLabel() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Element s : elements("stream")) {
            m.put(text(s, "label"), s.getAttribute("stream_id"));
        }
        return m;
    }

    /** participant_id → its participantstreamassoc. */
    Map<String, StreamAssoc> streamAssocs() {
        Map<String, StreamAssoc> m = new LinkedHashMap<>();
        for (Element a : elements("participantstreamassoc")) {
            m.put(a.getAttribute("participant_id"), new StreamAssoc(texts(a, "send"), texts(a, "recv")));
        }
        return m;
    }

    /** participant_id → session_id of each participantsessionassoc. */
    Map<String, String> sessionAssocs() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Element a : elements("participantsessionassoc")) {
            m.put(a.getAttribute("participant_id"), a.getAttribute("session_id"));
        }
        return m;
    }

    /** Our namespace of the recording decision extension (docs/policies.md), at the {@code <recording>} level. */
    static final String DECISION_NS = "urn:x-siprec-platform:xml:ns:decision:1";

    /** One policy's verdict in the decision extension: {@code <x0:policy name ranking verdict [failure]>reason}. */
    record PolicyVerdict(String name, String ranking, String verdict, String failure, String reason) {
    }

    /** The decision extension: the combined verdict, its reason, and every policy's verdict in ranking order. */
    record Decision(String verdict, String reason, List<PolicyVerdict> policies) {
    }

    /** Every {@code <decision>} element of our namespace in this metadata (one when the SRC sent it). */
    List<Decision> decisions() {
        List<Decision> list = new ArrayList<>();
        NodeList nodes = root.getElementsByTagNameNS(DECISION_NS, "decision");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element d = (Element) nodes.item(i);
            List<PolicyVerdict> policies = new ArrayList<>();
            String reason = null;
            for (Node n = d.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && DECISION_NS.equals(e.getNamespaceURI())) {
                    if ("policy".equals(e.getLocalName())) {
                        policies.add(new PolicyVerdict(e.getAttribute("name"), e.getAttribute("ranking"),
                                e.getAttribute("verdict"), e.hasAttribute("failure") ? e.getAttribute("failure") : null,
                                e.getTextContent().trim()));
                    } else if ("reason".equals(e.getLocalName())) {
                        reason = e.getTextContent().trim();
                    }
                }
            }
            list.add(new Decision(d.getAttribute("verdict"), reason, List.copyOf(policies)));
        }
        return list;
    }

    /** Text of the first child element of that name, or null. */
    static String text(Element parent, String name) {
        Element c = child(parent, name);
        return c == null ? null : c.getTextContent().trim();
    }

    static List<String> texts(Element parent, String name) {
        List<String> list = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagNameNS(NS, name);
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add(nodes.item(i).getTextContent().trim());
        }
        return list;
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return xml;
    }
}
