package org.siprec.src.b2bua;

import javax.sip.Dialog;
import javax.sip.message.Response;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.src.media.MediaAnchor;

/** What the in-dialog relay of a call needs from the call. */
interface CallLegs {
    String callId();

    /** The dialog with a side, or {@code null} before it exists. */
    Dialog dialog(Side side);

    boolean ended();

    boolean hangingUp();

    /** A BYE is being relayed: the side hanging up has been released. */
    void hangUp();

    /** The call is over on both legs. */
    void finish();

    /** Ends the call from the platform's side. */
    void releaseBoth();

    MediaAnchor media();

    /** An offer/answer exchange completed; {@code answerer} sent the answer. */
    void mediaChanged(Side answerer);

    /** The SDP {@code sdp} as the party on {@code side} receives it (with a=record when it is record-aware). */
    String sdpToward(Side side, String sdp);

    /** The party on {@code side} sent this SDP (its a=recordpref is honoured). */
    void sdpFrom(Side side, byte[] sdp);

    /** The last reliable provisional response from the callee, for relaying the caller's PRACK. */
    Response lastReliableFromCallee();
}
