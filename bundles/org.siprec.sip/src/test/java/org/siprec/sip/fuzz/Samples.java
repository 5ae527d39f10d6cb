package org.siprec.sip.fuzz;

/** Valid inputs the fuzz properties mutate. */
final class Samples {
    static final String SDP = String.join("\r\n",
            "v=0",
            "o=src 2890844526 2890844527 IN IP4 192.0.2.1",
            "s=SIPREC",
            "c=IN IP4 192.0.2.1",
            "t=0 0",
            "m=audio 30000 RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=label:1",
            "a=rtcp:30001 IN IP4 192.0.2.1",
            "a=sendonly",
            "m=audio 30002 RTP/AVP 111",
            "c=IN IP4 192.0.2.9",
            "a=rtpmap:111 opus/48000/2",
            "a=label:2",
            "a=inactive",
            "m=video 0 RTP/AVP 96",
            "") + "\r\n";

    static final String METADATA = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
            + "<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\">\r\n"
            + "<datamode>complete</datamode>\r\n"
            + "<session session_id=\"hVpd7YQgRW2nD22h7q60JQ==\"><sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2</sipSessionID></session>\r\n"
            + "<participant participant_id=\"srfBElmCRp2QB23b7Mpk0w==\"><nameID aor=\"sip:alice@example.com\"><name xml:lang=\"en\">Alice</name></nameID></participant>\r\n"
            + "</recording>\r\n";

    static final String BOUNDARY = "OSS-unique-boundary-42";
    static final String MULTIPART_TYPE = "multipart/mixed;boundary=" + BOUNDARY;

    static final String MULTIPART = "--" + BOUNDARY + "\r\n"
            + "Content-Type: application/sdp\r\n"
            + "\r\n"
            + SDP
            + "\r\n--" + BOUNDARY + "\r\n"
            + "Content-Type: application/rs-metadata+xml\r\n"
            + "Content-Disposition: recording-session\r\n"
            + "\r\n"
            + METADATA
            + "\r\n--" + BOUNDARY + "--\r\n";

    static final String INVITE_HEAD = "INVITE sip:srs@192.0.2.2:5060;transport=udp SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-524287-1;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: \"Recorder, SRC\" <sip:src@192.0.2.1>;tag=a73kszlfl\r\n"
            + "To: <sip:srs@192.0.2.2>\r\n"
            + "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:src@192.0.2.1:5060>;+sip.src\r\n"
            + "Supported: 100rel, timer\r\n"
            + "Require: siprec\r\n"
            + "P-Asserted-Identity: \"Alice \\\"A\\\"\" <sip:alice@example.com>, <tel:+15551234>\r\n"
            + "Session-ID: ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2\r\n"
            + "k: replaces\r\n";

    static String invite() {
        return INVITE_HEAD + "Content-Type: " + MULTIPART_TYPE + "\r\n"
                + "Content-Length: " + MULTIPART.length() + "\r\n\r\n" + MULTIPART;
    }

    static final String OK = "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-524287-1;received=192.0.2.1;rport=5060\r\n"
            + "From: <sip:src@192.0.2.1>;tag=a73kszlfl\r\n"
            + "To: <sip:srs@192.0.2.2>;tag=1410948204\r\n"
            + "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:srs@192.0.2.2:5060>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP;

    private Samples() {
    }
}
