package org.siprec.src.recording;

import org.siprec.api.compliance.AnnouncementPrompts;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.dialog.DialogRouter;

/**
 * What a call's recording needs from the platform around it.
 *
 * @param sip          the SIP endpoint recording sessions are sent from
 * @param mediaAddress the address the media engine forks from, announced in the RS SDP
 * @param events       the call's serial executor: every recording event runs there
 * @param timers       for retries
 * @param router       where the recording registers its RS dialogs
 * @param srs          where SRSs come from and their outcomes go
 * @param reporter     audit trail and recording records
 * @param prompts      the announcement prompt provider, {@code null} when none is installed
 * @param dtmf         the DTMF sequences that pause and resume the recording
 * @param mandatory    the grace time and SRS keep-alive of mandatory recordings
 * @param limits       the maximum duration and the company quotas of recordings, {@code null} when not installed
 */
public record RecordingContext(SipEndpoint sip, String mediaAddress, Executor events, ScheduledExecutorService timers,
        DialogRouter router, SrsSelector srs, RecordingReporter reporter,
        AnnouncementPrompts prompts, DtmfCodes dtmf, MandatoryRecording mandatory,
        RecordingLimits limits) {
}
