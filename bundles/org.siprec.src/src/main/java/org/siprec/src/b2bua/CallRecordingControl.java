package org.siprec.src.b2bua;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.siprec.api.ops.RecordingControl;
import org.siprec.api.ops.RecordingControlException;
import org.siprec.api.ops.RecordingControlException.Reason;
import org.siprec.src.recording.CallRecorder;

/**
 * {@link RecordingControl} over the live calls: finds the call by its A-leg Call-ID and runs the pause or resume on
 * the call's own executor (where its recording lives); so are the start and stop on demand, waiting for the outcome from the caller's thread. The call's
 * thread is never blocked: a resume completes when the SRS's answer arrives there.
 */
@Component(service = RecordingControl.class)
public class CallRecordingControl implements RecordingControl {
    /** How long the call's executor may take to run the request; it is never more than queued events. */
    static final long CALL_THREAD_TIMEOUT_MS = 5_000;
    /** How long a resume waits for the SRS: longer than an INVITE transaction's timeout with the usual T1 (32 s). */
    static final long SRS_ANSWER_TIMEOUT_MS = 40_000;

    private final CallRegistry calls;

    @Activate
    public CallRecordingControl(@Reference CallRegistry calls) {
        this.calls = calls;
    }

    @Override
    public Instant pause(String callId, String actor) throws RecordingControlException {
        return onCallThread(callId, "pause", CALL_THREAD_TIMEOUT_MS,
                (recorder, done) -> done.accept(recorder.pause(actorOf(actor)), null));
    }

    @Override
    public Instant resume(String callId, String actor) throws RecordingControlException {
        return onCallThread(callId, "resume", SRS_ANSWER_TIMEOUT_MS,
                (recorder, done) -> recorder.resume(actorOf(actor), done));
    }

    @Override
    public Instant start(String callId, String actor) throws RecordingControlException {
        return onCallThread(callId, "start", SRS_ANSWER_TIMEOUT_MS,
                (recorder, done) -> recorder.startOnDemand(actorOf(actor), done));
    }

    @Override
    public Instant stop(String callId, String actor) throws RecordingControlException {
        return onCallThread(callId, "stop", CALL_THREAD_TIMEOUT_MS,
                (recorder, done) -> done.accept(recorder.stopOnDemand(actorOf(actor)), null));
    }

    @Override
    public Instant start(String callId, String actor, String srsGroup) throws RecordingControlException {
        String group = srsGroup == null || srsGroup.isBlank() ? null : srsGroup.strip();
        return onCallThread(callId, "start", SRS_ANSWER_TIMEOUT_MS,
                (recorder, done) -> recorder.startOnDemand(actorOf(actor), group, done));
    }

    @Override
    public Instant stop(String callId, String actor, String recordingId) throws RecordingControlException {
        String id = recordingId == null || recordingId.isBlank() ? null : recordingId.strip();
        return onCallThread(callId, "stop", CALL_THREAD_TIMEOUT_MS,
                (recorder, done) -> done.accept(recorder.stopOnDemand(actorOf(actor), id), null));
    }

    /** An action on a call's recorder: it reports its outcome to {@code done}, at once or when the SRS answers. */
    @FunctionalInterface
    private interface RecorderAction {
        void run(CallRecorder recorder, BiConsumer<Instant, RecordingControlException> done)
                throws RecordingControlException;
    }

    /** Runs the action on the call's own executor (where its recording lives) and waits here for the outcome. */
    private Instant onCallThread(String callId, String what, long timeoutMs, RecorderAction action)
            throws RecordingControlException {
        Call call = find(callId);
        CompletableFuture<Instant> result = new CompletableFuture<>();
        call.executor().execute(() -> {
            try {
                action.run(recorder(call, callId), (time, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(time);
                    }
                });
            } catch (RecordingControlException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return await(result, timeoutMs, callId, what);
    }

    private Call find(String callId) throws RecordingControlException {
        Call call = callId == null ? null : calls.find(callId.strip());
        if (call == null) {
            throw new RecordingControlException(Reason.NO_SUCH_CALL, "no live call with Call-ID " + callId
                    + " (siprec:calls lists them)");
        }
        return call;
    }

    private static CallRecorder recorder(Call call, String callId) throws RecordingControlException {
        CallRecorder recorder = call.recorder();
        if (recorder == null) {
            throw new RecordingControlException(Reason.NOT_RECORDED, "call " + callId + " is not recorded (no recording decision yet)");
        }
        return recorder;
    }

    private static String actorOf(String actor) {
        return actor == null || actor.isBlank() ? "unknown" : actor;
    }

    private static Instant await(CompletableFuture<Instant> result, long timeoutMs, String callId, String what)
            throws RecordingControlException {
        try {
            return result.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordingControlException refusal) {
                throw refusal;
            }
            throw new IllegalStateException(what + " of call " + callId + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new RecordingControlException(Reason.TIMEOUT, what + " of call " + callId + " did not complete within "
                    + timeoutMs + " ms; see siprec:calls and the log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordingControlException(Reason.TIMEOUT, what + " of call " + callId + " interrupted");
        }
    }
}
