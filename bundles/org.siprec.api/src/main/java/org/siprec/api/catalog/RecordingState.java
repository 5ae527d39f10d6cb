package org.siprec.api.catalog;

/** Where a recording is in its life. */
public enum RecordingState {
    /** The recording session is up; its files are being written. */
    RECORDING,
    /** The recording session ended and its files were completed. */
    COMPLETED,
    /** The recording session ended but its audio could not be (fully) written: the files may be incomplete. */
    FAILED
}
