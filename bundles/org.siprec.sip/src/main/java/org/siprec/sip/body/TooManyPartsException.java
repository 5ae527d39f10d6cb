package org.siprec.sip.body;

/**
 * A multipart body has more parts than the parser accepts ({@link Multipart#MAX_PARTS} by default). An
 * {@link IllegalArgumentException}, so callers that refuse unusable bodies refuse it too; those that want to answer
 * it precisely (e.g. 413 or 400 with a Warning) can catch it.
 */
public class TooManyPartsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    public TooManyPartsException(int limit) {
        super("multipart body with more than " + limit + " parts");
        this.limit = limit;
    }

    /** The number of parts accepted. */
    public int limit() {
        return limit;
    }
}
