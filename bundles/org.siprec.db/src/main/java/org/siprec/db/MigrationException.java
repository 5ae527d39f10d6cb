package org.siprec.db;

/**
 * A schema migration that cannot be carried out: {@link #getMessage()} names the schema, the version and the
 * script concerned and what to do.
 */
public class MigrationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String schema;
    private final int version;

    /**
     * @param schema the schema being migrated
     * @param version the version of the script concerned, 0 when the problem is not one script's
     * @param message what went wrong, naming schema, version and script
     * @param cause the underlying failure, or {@code null}
     */
    public MigrationException(String schema, int version, String message, Throwable cause) {
        super(message, cause);
        this.schema = schema;
        this.version = version;
    }

    /** The schema being migrated. */
    public String schema() {
        return schema;
    }

    /** The version of the script concerned, 0 when the problem is not one script's (e.g. a missing index). */
    public int version() {
        return version;
    }
}
