package org.siprec.api.directory;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The subscriber directory as the recording policies read it, on the signalling path. Every method answers from an
 * in-memory snapshot of the directory and never waits for the database: the implementation rebuilds the snapshot
 * after each change and swaps it atomically, so a lookup sees the directory before or after a change, never half
 * of one. Thread-safe; no method blocks.
 * <p>
 * Addresses are accepted in any form a call carries them (see {@code docs/directory.md}, "Normalisation"):
 * {@code +33140001234}, {@code 33140001234}, {@code 0033140001234}, a national form such as {@code 01 40 00 12 34}
 * read with a company's country code, {@code tel:+33-1-40-00-12-34}, {@code sip:+33140001234@host;user=phone},
 * {@code sip:0140001234@host;user=phone}, or a plain SIP AOR {@code sip:alice@example.com}.
 */
@ProviderType
public interface SubscriberDirectory {

    /**
     * The subscriber owning {@code address}. A telephone number is normalised to E.164 and looked up among the
     * users' numbers; a national form (trunk prefix, no country code) is tried with the country code of each
     * company and answered when exactly one user matches; a SIP AOR that is not a number is looked up among the
     * users' AORs.
     *
     * @return empty when nobody owns the address or it cannot be read as an address
     */
    Optional<Subscriber> subscriber(String address);

    /**
     * The subscriber owning {@code address}, national forms read with {@code context}'s country code (e.g. the other
     * party of a call, in the served user's company).
     */
    Optional<Subscriber> subscriber(String address, Optional<Company> context);

    /** The company {@code companyId}, when it exists. */
    Optional<Company> company(String companyId);

    /** The company of {@code subscriber}. */
    default Optional<Company> companyOf(Subscriber subscriber) {
        return company(subscriber.companyId());
    }

    /**
     * Whether {@code address} (any form; national forms are not read without a company) is on the operator-wide
     * whitelist.
     */
    boolean operatorWhitelisted(String address);

    /** The operator-wide whitelist, E.164 numbers. */
    Set<String> operatorWhitelist();

    /**
     * The canonical form of a telephone number: E.164 with {@code +} ({@code +33140001234}); with a company as
     * {@code context}, national forms are read with its country code, and a short digit string (2 to 6 digits, no
     * leading 0) is taken as an extension of that company and returned as its digits ({@code 1234}).
     *
     * @return empty when {@code address} is not a telephone number (e.g. {@code sip:alice@example.com}) or is
     *         malformed; this method never throws
     */
    Optional<String> normalise(String address, Optional<Company> context);

    /**
     * The revision of the snapshot the lookups answer from: it grows with each change (or reload) of the directory.
     * Policies that derive state from the directory can use it to notice a change.
     */
    long revision();
}
