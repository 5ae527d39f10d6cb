package org.siprec.src.b2bua;

import org.siprec.src.recording.DtmfCodes;
import org.siprec.src.recording.MandatoryRecording;

import java.time.Duration;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import org.siprec.api.model.SessionCase;

/** Validated SRC configuration. */
record SrcSettings(TrustedPeers trustedPeers, String outboundProxy, SessionCase defaultSessionCase, Duration noAnswerTimeout,
        DtmfCodes dtmf, IndicationSettings indication, int mandatoryRejectStatus, MandatoryRecording mandatory,
        boolean earlyAnnouncement) {

    /** The answers a caller may get when mandatory recording is impossible at set-up (mandatory.reject.status). */
    static final java.util.Set<Integer> MANDATORY_REJECT_STATUSES = java.util.Set.of(403, 480, 488, 500, 503, 603);

    /** @throws IllegalArgumentException naming the configuration key that is wrong */
    static SrcSettings from(SrcConfig config, AddressFactory addresses) {
        TrustedPeers peers = TrustedPeers.parse(config.trusted_peers());
        String proxy = config.outbound_proxy() == null ? "" : config.outbound_proxy().trim();
        if (!proxy.isEmpty()) {
            try {
                if (!(addresses.createURI(proxy) instanceof SipURI)) {
                    throw new IllegalArgumentException("outbound.proxy must be a sip: URI, got '" + proxy + "'");
                }
            } catch (java.text.ParseException e) {
                throw new IllegalArgumentException("outbound.proxy is not a SIP URI: '" + proxy + "'");
            }
        }
        SessionCase sessionCase;
        try {
            sessionCase = SessionCase.parse(config.default_session_case());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("default.session.case: " + e.getMessage());
        }
        if (config.no_answer_timeout_s() < 1 || config.no_answer_timeout_s() > 3600) {
            throw new IllegalArgumentException("no.answer.timeout.s must be between 1 and 3600, got " + config.no_answer_timeout_s());
        }
        return new SrcSettings(peers, proxy, sessionCase, Duration.ofSeconds(config.no_answer_timeout_s()),
                DtmfCodes.of(config.record_start_dtmf(), config.record_stop_dtmf(), config.pause_dtmf(), config.resume_dtmf()),
                new IndicationSettings(config.record_indication(), config.record_aware_announcement()),
                mandatoryRejectStatus(config.mandatory_reject_status()),
                MandatoryRecording.of(config.mandatory_grace_seconds(), config.mandatory_keepalive_seconds()),
                earlyAnnouncement(config.announcement_moment()));
    }

    /** announcement.moment: {@code answer} (the default) or {@code early} (in early media, docs/compliance.md). */
    private static boolean earlyAnnouncement(String moment) {
        String value = moment == null ? "" : moment.trim();
        if (value.isEmpty() || "answer".equals(value)) {
            return false;
        }
        if ("early".equals(value)) {
            return true;
        }
        throw new IllegalArgumentException("announcement.moment must be answer or early, got '" + value + "'");
    }

    private static int mandatoryRejectStatus(int status) {
        if (!MANDATORY_REJECT_STATUSES.contains(status)) {
            throw new IllegalArgumentException("mandatory.reject.status must be one of "
                    + new java.util.TreeSet<>(MANDATORY_REJECT_STATUSES) + ", got " + status);
        }
        return status;
    }
}
