package org.siprec.src.b2bua;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "siprec Session Recording Client", description = "B2BUA call handling")
public @interface SrcConfig {
    @AttributeDefinition(description = "Peers allowed to send requests: comma-separated IP addresses or CIDR blocks; others get 403")
    String trusted_peers() default "127.0.0.1";

    @AttributeDefinition(description = "SIP URI of an outbound proxy for new calls that carry no Route; empty routes by Request-URI")
    String outbound_proxy() default "";

    @AttributeDefinition(description = "Session case when P-Served-User carries no sescase: orig or term")
    String default_session_case() default "term";

    @AttributeDefinition(description = "Seconds to wait for the callee to answer before cancelling with 408")
    int no_answer_timeout_s() default 180;

    @AttributeDefinition(description = "DTMF feature code (RFC 4733 telephone-events, 0-9 * # A-D, up to 8) that starts a recording "
            + "of a call no policy chose to record, when either party sends it, e.g. *71; empty: off. The served user's company "
            + "and the user can override it in the subscriber directory")
    String record_start_dtmf() default "";

    @AttributeDefinition(description = "DTMF feature code that stops the call's recording (refused when it is mandatory), e.g. *72; empty: off")
    String record_stop_dtmf() default "";

    @AttributeDefinition(description = "DTMF sequence (RFC 4733 telephone-events, 0-9 * # A-D, up to 8) that pauses the recording "
            + "when either party sends it, e.g. *1; empty: off")
    String pause_dtmf() default "";

    @AttributeDefinition(description = "DTMF sequence that resumes a paused recording, e.g. *2; empty: off")
    String resume_dtmf() default "";

    @AttributeDefinition(description = "Tell parties that advertise the option tag record-aware whether they are recorded: "
            + "a=record:on|off|paused in the SDP they receive, a re-INVITE when it changes (RFC 7866 6.1)")
    boolean record_indication() default true;

    @AttributeDefinition(description = "Whether a record-aware party that is told a=record still hears the announcement "
            + "(true: besides the indication; false: the indication instead of the announcement)")
    boolean record_aware_announcement() default true;

    @AttributeDefinition(description = "Final response to the caller when recording is mandatory and known at set-up"
            + " to be impossible (with Warning and an RFC 3326 Reason header): 403, 480, 488, 500, 503 or 603")
    int mandatory_reject_status() default 503;

    @AttributeDefinition(description = "Seconds a mandatory recording that lost its SRS mid-call may spend failing over;"
            + " if no SRS takes it within this time both legs get BYE (with an RFC 3326 Reason header). 0..3600; 0 ends"
            + " the call as soon as its SRS is lost")
    int mandatory_grace_seconds() default 10;

    @AttributeDefinition(description = "Seconds between in-dialog OPTIONS keep-alives to the SRS of a mandatory recording;"
            + " no final response within this time means the SRS is gone (a killed SRS sends no BYE). 1..300, or 0: off")
    int mandatory_keepalive_seconds() default 2;

    @AttributeDefinition(description = "When the caller hears an announcement: answer (after the callee answered) or early"
            + " (in early media: a 183 with the platform's own answer while the callee is alerted)")
    String announcement_moment() default "answer";
}
