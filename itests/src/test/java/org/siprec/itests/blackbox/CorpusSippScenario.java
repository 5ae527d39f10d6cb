package org.siprec.itests.blackbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One form of the RS INVITE corpus ({@code bundles/org.siprec.srs.embedded/src/test/resources/rs-invites/*.sip}, format
 * in its README.md) turned into a SIPp UAC scenario: the corpus message in a CDATA {@code <send>} with SIPp keywords in
 * place of the file's placeholders ({@code {{srs}}} = [remote_ip]:[remote_port], {@code {{src}}} =
 * [local_ip]:[local_port], {@code {{call-id}}} = [call_id], {@code {{branch}}} = [branch], {@code {{length}}} = [len];
 * the Via's transport and the SDP's media ports too), then what the form's {@code #} lines announce: for a recorded
 * form 200, ACK, the G.711 capture played to the first answered stream, a pause (sipp -d), BYE and its 200; for a
 * refused one exactly that status, its Warning (or Unsupported) checked by SIPp, and the ACK of a non-2xx answer.
 */
record CorpusSippScenario(String name, int expect, List<String> participants, int channels, List<String> defects,
        String warning, String unsupported, String invite) {

    /** RFC 3261 section 18.1.1: a request within 200 bytes of a 1500-byte MTU goes over TCP. */
    static final int UDP_LIMIT = 1300;

    /** The corpus folder, from the itests module (the working directory of surefire). */
    static Path corpusDir() {
        return Path.of("..", "bundles", "org.siprec.srs.embedded", "src", "test", "resources", "rs-invites")
                .toAbsolutePath().normalize();
    }

    /** Every {@code .sip} file of the corpus, sorted. */
    static List<String> files() throws IOException {
        Path dir = corpusDir();
        if (!Files.isDirectory(dir)) {
            throw new IOException("RS INVITE corpus not found at " + dir + " (run from the itests module)");
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sip")).sorted().toList();
        }
    }

    static CorpusSippScenario load(String file) throws IOException {
        String text = Files.readString(corpusDir().resolve(file), StandardCharsets.UTF_8);
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
                String value = l.substring(l.indexOf(':') + 1).strip();
                if (l.startsWith("expect:")) {
                    expect = Integer.parseInt(value);
                } else if (l.startsWith("participants:")) {
                    participants = List.of(value.split("\\s*,\\s*"));
                } else if (l.startsWith("channels:")) {
                    channels = Integer.parseInt(value);
                } else if (l.startsWith("defect:")) {
                    defects.add(value);
                } else if (l.startsWith("warning:")) {
                    warning = value;
                } else if (l.startsWith("unsupported:")) {
                    unsupported = value;
                }
                continue;
            }
            head = false;
            message.append(line).append('\n');
        }
        String template = message.toString().replace("\r\n", "\n").stripTrailing() + "\n";
        // SIPp reads [ as the start of a keyword and ]]> would end the CDATA: no corpus form has either
        if (template.contains("[") || template.contains("]]>")) {
            throw new IllegalArgumentException(file + ": '[' or ']]>' cannot be sent literally by a SIPp scenario");
        }
        return new CorpusSippScenario(file, expect, participants, channels, List.copyOf(defects), warning, unsupported,
                template);
    }

    boolean recorded() {
        return expect == 200;
    }

    /** Larger than {@link #UDP_LIMIT} once the placeholders are filled (addresses of ~15 characters each). */
    boolean needsTcp() {
        return invite.replace("{{srs}}", "127.0.0.1:65535").replace("{{src}}", "127.0.0.1:65535")
                .replace("{{call-id}}", "12345-123456@127.0.0.1").replace("{{branch}}", "z9hG4bK-123456-1-0")
                .replace("{{length}}", "1234").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8).length > UDP_LIMIT;
    }

    /** The INVITE in SIPp keywords; the media ports of the file's SDP (40000, 40002, ...) become [media_port+n]. */
    String sippInvite() {
        String m = invite.replace("{{srs}}", "[remote_ip]:[remote_port]").replace("{{src}}", "[local_ip]:[local_port]")
                .replace("{{call-id}}", "[call_id]").replace("{{branch}}", "[branch]").replace("{{length}}", "[len]")
                .replaceFirst("(?m)^Via: SIP/2\\.0/UDP ", "Via: SIP/2.0/[transport] ");
        m = m.replaceAll("(?m)^m=audio 40000 ", "m=audio [media_port] ");
        for (int offset = 2; offset <= 8; offset += 2) {
            m = m.replaceAll("(?m)^m=audio " + (40000 + offset) + " ", "m=audio [media_port+" + offset + "] ");
        }
        return m;
    }

    private String header(String name) {
        return invite.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + ": no " + name + " header"))
                .replace("{{srs}}", "[remote_ip]:[remote_port]").replace("{{src}}", "[local_ip]:[local_port]");
    }

    private String requestUri() {
        String first = invite.lines().findFirst().orElseThrow();
        return first.split(" ")[1].replace("{{srs}}", "[remote_ip]:[remote_port]");
    }

    /** The SIPp scenario XML of this form. */
    String scenarioXml() {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n")
                .append("<!-- generated by SrsCorpusSippTest from the RS INVITE corpus file ").append(name).append(" -->\n")
                .append("<scenario name=\"corpus ").append(name).append("\">\n")
                .append("  <send retrans=\"500\">\n    <![CDATA[\n").append(sippInvite()).append("\n    ]]>\n  </send>\n")
                // 100 Trying is hop-by-hop and may be left out; any other provisional is a failed call
                .append("  <recv response=\"100\" optional=\"true\"/>\n");
        String from = header("From");
        String to = header("To") + "[peer_tag_param]";
        if (recorded()) {
            x.append("  <recv response=\"200\" rtd=\"true\" rrs=\"true\"/>\n")
                    .append(inDialog("ACK [next_url] SIP/2.0", "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]",
                            from, to, "CSeq: 1 ACK", false))
                    .append("  <nop><action><exec play_pcap_audio=\"[pcap]\"/></action></nop>\n")
                    .append("  <pause/>\n")
                    .append(inDialog("BYE [next_url] SIP/2.0", "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]",
                            from, to, "CSeq: 2 BYE", true))
                    .append("  <recv response=\"200\" crlf=\"true\"/>\n");
        } else {
            x.append("  <recv response=\"").append(expect).append("\" rtd=\"true\">\n    <action>\n");
            if (unsupported != null) {
                x.append(check("Unsupported:", ere(unsupported), "said_why"));
            } else {
                x.append(check("Warning:", "399 .*" + ere(warning), "said_why"));
            }
            x.append("    </action>\n  </recv>\n")
                    // the ACK of a non-2xx answer: same Via branch and Request-URI as the INVITE (RFC 3261 17.1.1.3)
                    .append(inDialog("ACK " + requestUri() + " SIP/2.0", "[last_Via:]", from, to, "CSeq: 1 ACK", false))
                    .append("  <timewait milliseconds=\"300\"/>\n")
                    .append("  <Reference variables=\"said_why\"/>\n");
        }
        return x.append("</scenario>\n").toString();
    }

    private static String inDialog(String requestLine, String via, String from, String to, String cseq, boolean retrans) {
        return "  <send" + (retrans ? " retrans=\"500\"" : "") + ">\n    <![CDATA[\n" + requestLine + "\n" + via + "\n"
                + from + "\n" + to + "\nCall-ID: [call_id]\n" + cseq + "\nMax-Forwards: 70\nContent-Length: 0\n\n    ]]>\n  </send>\n";
    }

    private static String check(String header, String regexp, String variable) {
        return "      <ereg regexp=\"" + xml(regexp) + "\" search_in=\"hdr\" header=\"" + header
                + "\" check_it=\"true\" assign_to=\"" + variable + "\"/>\n";
    }

    /** A literal for SIPp's POSIX extended regular expressions. */
    private static String ere(String literal) {
        return literal.replaceAll("([.\\[\\]()*+?{}|^$\\\\])", "\\\\$1");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
