package org.siprec.directory.jdbc;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.DirectoryData;
import org.siprec.api.directory.Subscriber;

/**
 * The whole directory in memory, indexed for the lookups of the signalling path. Immutable: built from the store
 * after each change and swapped in one volatile write.
 */
final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(new DirectoryData(List.of(), List.of(), Set.of()), 0);

    final long revision;
    final DirectoryData data;
    final Map<String, Company> companies;
    final Map<String, Subscriber> subscribers;
    /** E.164 number or canonical AOR → its user. */
    final Map<String, Subscriber> byAddress;
    /** The distinct country codes of the companies, for national forms read without a company. */
    final Set<String> countryCodes;

    Snapshot(DirectoryData data, long revision) {
        this.revision = revision;
        this.data = data;
        Map<String, Company> c = new LinkedHashMap<>();
        data.companies().forEach(company -> c.put(company.id(), company));
        Map<String, Subscriber> s = new LinkedHashMap<>();
        Map<String, Subscriber> a = new HashMap<>();
        for (Subscriber subscriber : data.subscribers()) {
            s.put(subscriber.id(), subscriber);
            subscriber.numbers().forEach(n -> a.put(n, subscriber));
            subscriber.aors().forEach(n -> a.put(n, subscriber));
        }
        Set<String> codes = new TreeSet<>();
        data.companies().forEach(company -> codes.add(company.countryCode()));
        this.companies = Map.copyOf(c);
        this.subscribers = Map.copyOf(s);
        this.byAddress = Map.copyOf(a);
        this.countryCodes = Set.copyOf(codes);
    }

    Optional<Subscriber> subscriber(String address, Optional<Company> context) {
        if (address == null) {
            return Optional.empty();
        }
        if (context.isPresent()) {
            return lookup(address, context.get().countryCode());
        }
        try {
            Address a = Address.parse(address, null);
            return Optional.ofNullable(byAddress.get(a.value()));
        } catch (IllegalArgumentException nationalOrMalformed) {
            // a national form: try the country code of each company; answer only when exactly one user matches
            Subscriber found = null;
            for (String cc : countryCodes) {
                Optional<Subscriber> s = lookup(address, cc);
                if (s.isPresent()) {
                    if (found != null && !found.equals(s.get())) {
                        return Optional.empty();
                    }
                    found = s.get();
                }
            }
            return Optional.ofNullable(found);
        }
    }

    private Optional<Subscriber> lookup(String address, String countryCode) {
        try {
            Address a = Address.parse(address, countryCode);
            return a instanceof Address.Extension ? Optional.empty() : Optional.ofNullable(byAddress.get(a.value()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
