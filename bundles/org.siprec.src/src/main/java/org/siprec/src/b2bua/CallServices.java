package org.siprec.src.b2bua;

import org.siprec.api.compliance.AnnouncementPrompts;
import org.siprec.api.directory.SubscriberDirectory;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.siprec.api.media.MediaMirror;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.dialog.DialogRouter;
import org.siprec.src.decision.PolicyEngine;
import org.siprec.src.recording.RecordingReporter;
import org.siprec.src.recording.SrsSelector;

/** What every call uses from the platform; one instance per B2BUA. */
record CallServices(SipEndpoint sip, MediaMirror media, Supplier<SrcSettings> settings, Executor pool,
        ScheduledExecutorService timers, DialogRouter router, CallRegistry registry, PolicyEngine policies,
        SrsSelector srs, RecordingReporter reporter, Supplier<AnnouncementPrompts> prompts,
        Supplier<SubscriberDirectory> directory, Supplier<org.siprec.src.recording.RecordingLimits> limits) {
}
