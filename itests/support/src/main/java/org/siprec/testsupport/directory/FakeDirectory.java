package org.siprec.testsupport.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.DirectoryData;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;

/**
 * An in-memory directory for the policy bundles' tests, normalising addresses as the SPI documents (tel:, sip:...;user=phone,
 * +E.164, 00 international prefix, national forms with the company's country code, short extensions).
 */
public final class FakeDirectory implements SubscriberDirectory {
    private final DirectoryData data;

    public FakeDirectory(List<Company> companies, List<Subscriber> subscribers, Set<String> operatorWhitelist) {
        this.data = new DirectoryData(companies, subscribers, operatorWhitelist);
    }

    @Override
    public Optional<Subscriber> subscriber(String address) {
        Optional<Subscriber> s = subscriber(address, Optional.empty());
        if (s.isPresent()) {
            return s;
        }
        List<Subscriber> found = new ArrayList<>();
        for (Company c : data.companies()) {
            Optional<String> n = normalise(address, Optional.of(c));
            if (n.isPresent() && n.get().startsWith("+")) {
                data.subscribers().stream().filter(u -> u.numbers().contains(n.get())).forEach(found::add);
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    @Override
    public Optional<Subscriber> subscriber(String address, Optional<Company> context) {
        Optional<String> n = normalise(address, context);
        if (n.isPresent()) {
            return data.subscribers().stream().filter(u -> u.numbers().contains(n.get())).findFirst();
        }
        String aor = aor(address);
        return data.subscribers().stream().filter(u -> u.aors().contains(aor)).findFirst();
    }

    @Override
    public Optional<Company> company(String companyId) {
        return data.companies().stream().filter(c -> c.id().equals(companyId)).findFirst();
    }

    @Override
    public boolean operatorWhitelisted(String address) {
        return normalise(address, Optional.empty()).map(data.operatorWhitelist()::contains).orElse(false);
    }

    @Override
    public Set<String> operatorWhitelist() {
        return data.operatorWhitelist();
    }

    @Override
    public Optional<String> normalise(String address, Optional<Company> context) {
        String a = address.strip();
        String lower = a.toLowerCase();
        if (lower.startsWith("tel:")) {
            a = a.substring(4);
            int semi = a.indexOf(';');
            a = semi < 0 ? a : a.substring(0, semi);
        } else if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            int at = a.indexOf('@');
            if (at < 0) {
                return Optional.empty();
            }
            a = a.substring(a.indexOf(':') + 1, at);
        }
        String n = a.replaceAll("[-. ()]", "");
        if (n.matches("\\+[0-9]{6,15}")) {
            return Optional.of(n);
        }
        if (n.matches("00[1-9][0-9]{5,14}")) {
            return Optional.of("+" + n.substring(2));
        }
        if (n.matches("0[1-9][0-9]{4,13}")) {
            return context.map(c -> "+" + c.countryCode() + n.substring(1));
        }
        if (n.matches("[1-9][0-9]{1,5}")) {
            return context.map(c -> n);
        }
        if (n.matches("[1-9][0-9]{6,14}")) {
            return Optional.of("+" + n);
        }
        return Optional.empty();
    }

    private static String aor(String address) {
        String a = address.strip();
        int semi = a.indexOf(';');
        a = semi < 0 ? a : a.substring(0, semi);
        int at = a.indexOf('@');
        return at < 0 ? a : a.substring(0, at) + a.substring(at).toLowerCase();
    }

    @Override
    public long revision() {
        return 1;
    }
}
