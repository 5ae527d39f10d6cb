package org.siprec.media.rtpengine.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.media.MirrorSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MediaMirror} over rtpengine: every call's media is anchored and forked by an rtpengine daemon driven over
 * its NG control protocol. Registered with {@code mirror=rtpengine} and a negative ranking, so that the SRC binds it
 * only when its configuration selects it ({@code media.target=(mirror=rtpengine)} in {@code etc/org.siprec.src.cfg});
 * the built-in relay stays the default.
 */
@Designate(ocd = RtpengineConfig.class)
@Component(service = MediaMirror.class, configurationPid = RtpengineConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {RtpengineMirror.MIRROR_PROPERTY + "=" + RtpengineMirror.MIRROR_NAME, "service.ranking:Integer=-100"})
public final class RtpengineMirror implements MediaMirror {
    static final String MIRROR_PROPERTY = "mirror";
    static final String MIRROR_NAME = "rtpengine";
    private static final Logger LOG = LoggerFactory.getLogger(RtpengineMirror.class);

    private final NgClient ng;
    private final String mediaAddress;
    private final Set<RtpengineSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean active = true;

    @Activate
    public RtpengineMirror(RtpengineConfig config) throws SocketException {
        InetSocketAddress engine = validated(config);
        this.ng = new NgClient(engine, config.timeout_ms(), config.attempts());
        this.mediaAddress = config.media_address();
        try {
            Object pong = ng.request(Map.of("command", "ping")).get("result");
            LOG.info("rtpengine media mirror: NG {} answers ping with '{}'; media on {}", engine, pong, mediaAddress);
        } catch (NgException e) {
            // not fatal: the engine may start later; each call's set-up then reports the failure
            LOG.error("rtpengine media mirror: {}; calls set up through it will fail until it answers", e.getMessage());
        }
    }

    /** The NG address, or an {@code IllegalArgumentException} (logged) naming the key: the component does not start. */
    static InetSocketAddress validated(RtpengineConfig config) {
        String problem = null;
        if (config.ng_port() < 1 || config.ng_port() > 65535) {
            problem = "ng.port=" + config.ng_port() + " is not a UDP port (1..65535)";
        } else if (config.timeout_ms() < 10 || config.timeout_ms() > 10000) {
            problem = "timeout.ms=" + config.timeout_ms() + " is outside 10..10000";
        } else if (config.attempts() < 1 || config.attempts() > 10) {
            problem = "attempts=" + config.attempts() + " is outside 1..10";
        }
        InetSocketAddress engine = null;
        if (problem == null) {
            try {
                engine = new InetSocketAddress(InetAddress.getByName(config.ng_address()), config.ng_port());
                InetAddress media = InetAddress.getByName(config.media_address());
                if (media.isAnyLocalAddress()) {
                    problem = "media.address=" + config.media_address() + " is announced in SDP: it must be rtpengine's"
                            + " own address, not a wildcard";
                }
            } catch (UnknownHostException e) {
                problem = "unknown host: " + e.getMessage();
            }
        }
        if (problem != null) {
            String message = "Invalid configuration " + RtpengineConfig.PID + ": " + problem;
            LOG.error(message);
            throw new IllegalArgumentException(message);
        }
        return engine;
    }

    /** For tests: a mirror over a given client. */
    RtpengineMirror(NgClient ng, String mediaAddress) {
        this.ng = ng;
        this.mediaAddress = mediaAddress;
    }

    NgClient ng() {
        return ng;
    }

    @Override
    public MirrorSession open(String callId) throws MediaException {
        if (!active) {
            throw new MediaException("rtpengine media mirror is stopped");
        }
        RtpengineSession session = new RtpengineSession(this, callId);
        sessions.add(session);
        return session;
    }

    void closed(RtpengineSession session) {
        sessions.remove(session);
    }

    @Override
    public String address() {
        return mediaAddress;
    }

    @Override
    public int openSessions() {
        return sessions.size();
    }

    /** rtpengine manages its own ports and does not tell; reported as unlimited so that health checks do not trip. */
    @Override
    public int freePorts() {
        return Integer.MAX_VALUE;
    }

    @Deactivate
    public void deactivate() {
        active = false;
        for (RtpengineSession session : Set.copyOf(sessions)) {
            session.close();
        }
        ng.close();
        LOG.info("rtpengine media mirror stopped");
    }
}
