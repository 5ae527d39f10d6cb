package org.siprec.src.internal;

import java.util.Map;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;

/**
 * Test access to the B2BUA's plugin binds (package-private, called by SCR in OSGi), so the test call can be recorded
 * end to end outside OSGi. Test code only.
 */
public final class SrcPlugins {
    private SrcPlugins() {
    }

    public static void add(B2buaApplication b2bua, RecordingPolicy policy, SrsAdapter adapter) {
        b2bua.bindPolicy(policy, Map.of());
        b2bua.bindSrsAdapter(adapter, Map.of());
    }

    public static void stop(B2buaApplication b2bua) {
        b2bua.deactivate();
    }
}
