package org.siprec.directory.jdbc;

import org.siprec.api.directory.Company;
import org.siprec.api.directory.Subscriber;

/**
 * One item of an import, with where it comes from: the line of the file (0 when not from a file) and how to name
 * it in an error.
 */
record Change(int line, String where, Object item) {

    /** An operator whitelist entry. */
    record OperatorWhitelist(String number) {
    }

    static Change of(int line, Company company) {
        return new Change(line, line > 0 ? "" : "company " + company.id() + ": ", company);
    }

    static Change of(int line, Subscriber user) {
        return new Change(line, line > 0 ? "" : "user " + user.id() + ": ", user);
    }

    static Change operatorWhitelist(int line, String number) {
        return new Change(line, "", new OperatorWhitelist(number));
    }
}
