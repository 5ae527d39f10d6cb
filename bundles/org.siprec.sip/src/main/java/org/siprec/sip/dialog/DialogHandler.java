package org.siprec.sip.dialog;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The owner of one or more dialogs (a B2BUA call owns both legs, a recording session its dialog with the SRS).
 * Every method runs on {@link #executor()}, so one owner's events are handled in order, one at a time.
 */
@ConsumerType
public interface DialogHandler {
    /** Where this handler's events run; typically a {@link org.siprec.sip.SerialExecutor} per call. */
    Executor executor();

    /**
     * Whether a request in one of this handler's dialogs may come from {@code source} (its transport-level source).
     * Called by the application's {@link SipDispatcher.RequestScreen} on the stack's receiving thread, before any
     * transaction is created and before the dialog sees the request, so it must be quick, must not block, and must
     * read only state that is safe to read from another thread (volatile or immutable, e.g. {@link DialogPeers}).
     * The default accepts everything.
     */
    default boolean accepts(String callId, InetSocketAddress source) {
        return true;
    }

    /** An in-dialog request (other than ACK and CANCEL), with the server transaction already created. */
    default void onRequest(ServerTransaction transaction) {
    }

    /** An ACK in one of the handler's dialogs. */
    default void onAck(RequestEvent event) {
    }

    /** A CANCEL for a pending INVITE of this handler; the transaction is the CANCEL's own. */
    default void onCancel(ServerTransaction cancel) {
    }

    default void onResponse(ResponseEvent event) {
    }

    default void onTimeout(ClientTransaction transaction) {
    }

    default void onTransactionTerminated(ClientTransaction transaction) {
    }

    default void onDialogTerminated(Dialog dialog) {
    }
}
