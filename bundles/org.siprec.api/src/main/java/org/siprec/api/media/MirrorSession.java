package org.siprec.api.media;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The media of one call: one {@link RelayStream} per SDP {@code m=} line. Closing releases every port.
 */
@ProviderType
public interface MirrorSession extends AutoCloseable {
    /**
     * Returns the stream for an {@code m=} line index, allocating its ports on first use.
     *
     * @throws MediaException when no ports are left
     */
    RelayStream stream(int index) throws MediaException;

    List<RelayStream> streams();

    @Override
    void close();
}
