package org.siprec.src.b2bua;

/** The callee's Request-URI cannot be reached from here: nothing routes it (answered 404 with a Warning). */
final class NoRouteException extends Exception {
    private static final long serialVersionUID = 1L;

    NoRouteException(String message) {
        super(message);
    }
}
