package org.siprec.srs.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One form of RS INVITE from the corpus in {@code src/test/resources/rs-invites/}: the expectations its {@code #}
 * lines announce and the message, made concrete for one send (addresses, Call-ID, branch, Content-Length).
 */
record RsInviteForm(String name, int expect, List<String> participants, int channels, List<String> defects,
        String warning, String unsupported, String template) {

    /** The corpus, one form per file; a file missing here fails {@code RsInviteCorpusTest.everyCorpusFileIsListed}. */
    static final List<String> FILES = List.of("rfc7866-basic.sip", "empty-header-values.sip", "broadworks-draft.sip",
            "webex-calling.sip", "legacy-namespace-oracle.sip", "conference-mixed-stream.sip",
            "conference-three-streams.sip", "not-siprec.sip", "no-sdp.sip", "broken-xml.sip", "require-unknown.sip",
            "srtp-only.sip", "multipart-without-boundary.sip", "audiocodes-avaya-ucid.sip", "unparseable-contact.sip",
            "require-100rel.sip");

    static RsInviteForm load(String name) throws IOException {
        String text;
        try (InputStream in = RsInviteForm.class.getResourceAsStream("/rs-invites/" + name)) {
            if (in == null) {
                throw new IOException("no corpus file rs-invites/" + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int expect = 0;
        List<String> participants = List.of();
        int channels = -1;
        List<String> defects = new ArrayList<>();
        String warning = null;
        String unsupported = null;
        StringBuilder message = new StringBuilder();
        boolean head = true;
        for (String line : text.split("\n", -1)) {
            if (head && line.startsWith("#")) {
                String l = line.substring(1).strip();
                if (l.startsWith("expect:")) {
                    expect = Integer.parseInt(value(l));
                } else if (l.startsWith("participants:")) {
                    participants = List.of(value(l).split("\\s*,\\s*"));
                } else if (l.startsWith("channels:")) {
                    channels = Integer.parseInt(value(l));
                } else if (l.startsWith("defect:")) {
                    defects.add(value(l));
                } else if (l.startsWith("warning:")) {
                    warning = value(l);
                } else if (l.startsWith("unsupported:")) {
                    unsupported = value(l);
                }
                continue;
            }
            head = false;
            message.append(line).append('\n');
        }
        return new RsInviteForm(name, expect, participants, channels, defects, warning, unsupported, message.toString());
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    /** The message as sent: placeholders filled, CRLF line ends, the body's length in Content-Length. */
    String message(int srsPort, int srcPort, String callId) {
        String m = template.replace("{{srs}}", "127.0.0.1:" + srsPort).replace("{{src}}", "127.0.0.1:" + srcPort)
                .replace("{{call-id}}", callId).replace("{{branch}}", "z9hG4bK-" + callId);
        // the file ends with one line break after the last body line; a message without body ends at the blank line
        m = m.replace("\r\n", "\n").replace("\n", "\r\n");
        int split = m.indexOf("\r\n\r\n");
        String body = split < 0 ? "" : m.substring(split + 4);
        if (body.endsWith("\r\n") && !body.isEmpty() && body.strip().isEmpty()) {
            body = "";
        }
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        String headers = split < 0 ? m : m.substring(0, split + 4);
        return headers.replace("{{length}}", Integer.toString(length)) + body;
    }
}
