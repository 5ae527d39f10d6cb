package org.siprec.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/** Keeps records of recordings. Called off the signalling path; may block briefly. */
@ConsumerType
public interface RecordingStore {
    void save(RecordingRecord record);
}
