package org.siprec.api.directory;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whole directory, or a batch of it: what an import brings and an export gives.
 *
 * @param companies         companies
 * @param subscribers       users
 * @param operatorWhitelist the operator-wide whitelist, E.164 numbers
 */
public record DirectoryData(List<Company> companies, List<Subscriber> subscribers, Set<String> operatorWhitelist) {
    public DirectoryData {
        companies = List.copyOf(companies);
        subscribers = List.copyOf(subscribers);
        operatorWhitelist = Collections.unmodifiableSet(new TreeSet<>(operatorWhitelist));
    }
}
