package org.siprec.api.catalog;

/**
 * The recording catalogue cannot answer now (its database is unreachable, a query failed); the message says why.
 *
 * @since 1.2
 */
public class CatalogException extends Exception {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
