package org.siprec.src.b2bua;

import org.siprec.sip.SipHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.address.Address;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;
import org.siprec.sip.sdp.SdpMedia;

/** An immutable view of a call handed to policies and SRS adapters. */
record CallSnapshot(String callId, Optional<String> sessionId, SessionCase sessionCase, Participant caller,
        Participant callee, List<MediaStream> streams, Instant startTime) implements CommunicationSession {

    @Override
    public Participant servedUser() {
        return sessionCase == SessionCase.ORIGINATING ? caller : callee;
    }

    /**
     * The call as its initial INVITE describes it: the caller from P-Asserted-Identity when present (the network's
     * asserted identity, RFC 3325), else From; the callee from To; the RFC 7989 Session-ID when signalled; the caller's {@code a=recordpref} from the offer (the callee's
     * answer comes after the decision, so the callee's preference is not known to it).
     */
    static CallSnapshot of(String callId, Request invite, SessionCase sessionCase, List<SdpMedia> offer, Instant start) {
        Address callerAddress = ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress();
        String callerAor = callerAddress.getURI().toString();
        String pai = SipHeaders.value(invite, "P-Asserted-Identity");
        String asserted = pai == null ? null : SipHeaders.firstUri(pai);
        if (asserted != null && !asserted.isEmpty()) {
            callerAor = asserted;
        }
        Address calleeAddress = ((ToHeader) invite.getHeader(ToHeader.NAME)).getAddress();
        String sessionId = SipHeaders.value(invite, "Session-ID");
        if (sessionId != null) {
            sessionId = sessionId.split(";")[0].trim();
            if (sessionId.isEmpty()) {
                sessionId = null;
            }
        }
        List<MediaStream> streams = new ArrayList<>();
        for (SdpMedia m : offer) {
            streams.add(new MediaStream(Integer.toString(m.index()), m.type(), m.codec()));
        }
        return new CallSnapshot(callId, Optional.ofNullable(sessionId), sessionCase,
                new Participant(callerAor, callerAddress.getDisplayName(), RecordPrefAttribute.of(invite.getRawContent(), callId)),
                new Participant(calleeAddress.getURI().toString(), calleeAddress.getDisplayName()), List.copyOf(streams), start);
    }
}
