package org.siprec.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.message.Message;

/**
 * Reading header values of a JAIN-SIP {@link Message} as text, the same way in every SIP application of the
 * platform. Pure functions; they never throw on odd values (an empty {@code Supported:}, a missing Call-ID), they
 * answer {@code null}, {@code ""} or an empty list instead.
 *
 * <p>Header names are matched ignoring case, and the compact forms of RFC 3261 section 7.3.3 and its extensions
 * ({@code i}, {@code k}, {@code c}, ...) are understood. The stack splits comma-separated values of the headers it
 * knows (Supported, Require, P-Asserted-Identity, ...) into one header each; unknown headers keep their value
 * whole.
 */
public final class SipHeaders {
    /** Compact header names (RFC 3261 7.3.3, RFC 3265, RFC 3515, RFC 3892, RFC 3841, RFC 4028, RFC 4474). */
    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("a", "Accept-Contact"), Map.entry("b", "Referred-By"), Map.entry("c", "Content-Type"),
            Map.entry("d", "Request-Disposition"), Map.entry("e", "Content-Encoding"), Map.entry("f", "From"),
            Map.entry("i", "Call-ID"), Map.entry("j", "Reject-Contact"), Map.entry("k", "Supported"),
            Map.entry("l", "Content-Length"), Map.entry("m", "Contact"), Map.entry("n", "Identity-Info"),
            Map.entry("o", "Event"), Map.entry("r", "Refer-To"), Map.entry("s", "Subject"), Map.entry("t", "To"),
            Map.entry("u", "Allow-Events"), Map.entry("v", "Via"), Map.entry("x", "Session-Expires"),
            Map.entry("y", "Identity"));

    private SipHeaders() {
    }

    /**
     * The value of the first header of that name, trimmed, e.g. {@code value(request, "Session-ID")}.
     *
     * @return {@code null} when the message has no such header, {@code ""} when it is present but empty
     */
    public static String value(Message message, String name) {
        Header header = message.getHeader(fullName(name));
        return header == null ? null : valueOf(header);
    }

    /**
     * The first {@code Contact} line of the message that the stack could not parse (kept unparsed, e.g. an unclosed
     * {@code <}), as received, or {@code null}. When the application accepted such a request
     * ({@link RequestAdmission#acceptsUnparseableContact}), the parsed Contact it carries was built by the door from
     * the request's source, and this is the peer's own line: a defect to count.
     */
    public static String unparseableContact(Message message) {
        if (!(message instanceof gov.nist.javax.sip.message.SIPMessage sip)) {
            return null;
        }
        for (ListIterator<String> it = sip.getUnrecognizedHeaders(); it != null && it.hasNext();) {
            String line = it.next();
            if (isContactLine(line)) {
                return line.trim();
            }
        }
        return null;
    }

    /** Whether an unparsed header line is a Contact (long or compact name {@code m}). */
    static boolean isContactLine(String line) {
        int colon = line == null ? -1 : line.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String name = line.substring(0, colon).trim();
        return name.equalsIgnoreCase("Contact") || name.equalsIgnoreCase("m");
    }

    /** The values of every header of that name, in order, trimmed; empty when there is none. */
    public static List<String> values(Message message, String name) {
        List<String> result = new ArrayList<>();
        for (ListIterator<?> it = message.getHeaders(fullName(name)); it != null && it.hasNext();) {
            result.add(valueOf((Header) it.next()));
        }
        return result;
    }

    /**
     * The value of one header as text: what follows the colon, trimmed. Works for every header class of the stack,
     * including an option-tag header with no value, whose {@code getOptionTag()} is {@code null}.
     */
    public static String valueOf(Header header) {
        String text = header.toString().trim();
        int colon = text.indexOf(':');
        return colon < 0 ? "" : text.substring(colon + 1).trim();
    }

    /**
     * The option tags of every header of that name (Supported, Require, Proxy-Require, Unsupported), split at
     * commas, trimmed, empty ones left out, in order as written.
     */
    public static List<String> optionTags(Message message, String name) {
        List<String> tags = new ArrayList<>();
        for (String value : values(message, name)) {
            for (String tag : value.split(",")) {
                String t = tag.trim();
                if (!t.isEmpty()) {
                    tags.add(t);
                }
            }
        }
        return tags;
    }

    /**
     * Whether the sender supports an extension: the option tag is in {@code Supported} or {@code Require} (a UA
     * requiring an extension supports it). Case is ignored, e.g. {@code supports(invite, "100rel")}.
     */
    public static boolean supports(Message message, String optionTag) {
        return containsIgnoreCase(optionTags(message, "Supported"), optionTag) || requires(message, optionTag);
    }

    /** Whether the option tag is in {@code Require}, ignoring case, e.g. {@code requires(invite, "siprec")}. */
    public static boolean requires(Message message, String optionTag) {
        return containsIgnoreCase(optionTags(message, "Require"), optionTag);
    }

    /** The Call-ID, or {@code null} when the message has none. */
    public static String callId(Message message) {
        Header header = message.getHeader(CallIdHeader.NAME);
        if (header instanceof CallIdHeader callId) {
            return callId.getCallId();
        }
        return header == null ? null : valueOf(header);
    }

    /** Whether the message carries a body of at least one byte. */
    public static boolean hasBody(Message message) {
        byte[] raw = message.getRawContent();
        return raw != null && raw.length > 0;
    }

    /**
     * The whole Content-Type value with its parameters, e.g. {@code multipart/mixed;boundary=b1} (as
     * {@code org.siprec.sip.body.Multipart} reads it), or {@code null} when the message has none.
     */
    public static String contentType(Message message) {
        return value(message, ContentTypeHeader.NAME);
    }

    /** Whether the Content-Type is {@code application/sdp}, ignoring case and parameters. */
    public static boolean isSdp(Message message) {
        Header header = message.getHeader(ContentTypeHeader.NAME);
        return header instanceof ContentTypeHeader type && "application".equalsIgnoreCase(type.getContentType())
                && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    /**
     * The first URI of an address header value, e.g. {@code "Alice" <sip:a@x>, <tel:+1>} gives {@code sip:a@x};
     * see {@link NameAddr#parseList(String)}.
     *
     * @param value a header value such as {@code value(request, "P-Asserted-Identity")}, or {@code null}
     * @return the URI, or {@code null} when the value is {@code null} or holds no address
     */
    public static String firstUri(String value) {
        List<NameAddr> entries = NameAddr.parseList(value);
        return entries.isEmpty() ? null : entries.get(0).uri();
    }

    private static boolean containsIgnoreCase(List<String> tags, String tag) {
        for (String t : tags) {
            if (t.equalsIgnoreCase(tag)) {
                return true;
            }
        }
        return false;
    }

    private static String fullName(String name) {
        String full = name.length() == 1 ? COMPACT.get(name.toLowerCase(Locale.ROOT)) : null;
        return full == null ? name : full;
    }
}
