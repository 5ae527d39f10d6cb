package org.siprec.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps records of the recording sessions the SRC opened. The core calls every registered store once per recorded
 * call, when its recording ends (completed or failed), on one dedicated thread, never on a call's signalling
 * thread; it may block briefly. A store that throws is logged; the call is not affected.
 */
@ConsumerType
public interface RecordingStore {
    void save(RecordingRecord record);
}
