package org.siprec.srs.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured list of SIPREC SRSs, tried in order: when one refuses, times out or fails, the SRC tries the next.
 */
@Component(service = SrsAdapter.class, configurationPid = "org.siprec.srs.sip")
@Designate(ocd = ConfiguredSrsAdapter.Config.class)
public class ConfiguredSrsAdapter implements SrsAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredSrsAdapter.class);

    @ObjectClassDefinition(name = "siprec SRS adapter: SRS list")
    public @interface Config {
        @AttributeDefinition(description = "SIP URIs of the SRSs, comma-separated, in the order they are tried; e.g. sip:srs@10.0.0.5:5060;transport=tcp")
        String srs_uris() default "sip:srs@127.0.0.1:5090";
    }

    private volatile List<SrsTarget> targets;

    @Activate
    public ConfiguredSrsAdapter(Config config) {
        targets = parse(config.srs_uris());
        LOG.info("SRS list: {}", targets);
    }

    @Modified
    void modified(Config config) {
        try {
            targets = parse(config.srs_uris());
            LOG.info("SRS list changed: {}", targets);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration org.siprec.srs.sip ignored, keeping {}: {}", targets, e.getMessage());
        }
    }

    /** @throws IllegalArgumentException naming srs.uris and the entry that is not a SIP URI */
    static List<SrsTarget> parse(String value) {
        List<SrsTarget> result = new ArrayList<>();
        for (String raw : (value == null ? "" : value).split(",")) {
            String uri = raw.trim();
            if (uri.isEmpty()) {
                continue;
            }
            String lower = uri.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("sip:") || lower.startsWith("sips:")) || uri.contains(" ") || uri.indexOf('@') == uri.length() - 1) {
                throw new IllegalArgumentException("srs.uris: '" + uri + "' is not a SIP URI (e.g. sip:srs@10.0.0.5:5060)");
            }
            result.add(new SrsTarget(uri));
        }
        return List.copyOf(result);
    }

    @Override
    public List<SrsTarget> targets(CommunicationSession session) {
        return targets;
    }

    @Override
    public boolean healthy() {
        return !targets.isEmpty();
    }
}
