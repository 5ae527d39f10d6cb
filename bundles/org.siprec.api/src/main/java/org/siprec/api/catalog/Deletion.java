package org.siprec.api.catalog;

/**
 * The outcome of {@link RecordingQuery#delete}.
 *
 * @since 1.3
 */
public enum Deletion {
    /** Its files and rows are gone; audited. */
    DELETED,
    /** The catalogue has no such recording. */
    NO_SUCH_RECORDING,
    /** It is on legal hold: nothing deleted. */
    ON_HOLD,
    /** It is still being recorded: nothing deleted. */
    STILL_RECORDING,
    /** One of its files could not be deleted (logged): its row is kept, so that it can be tried again. */
    FILES_KEPT
}
