package org.siprec.api.directory;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Provisioning of the subscriber directory (shell commands, imports, a REST interface later). Each method is one
 * transaction: it changes the store completely or not at all, and on success the snapshot that
 * {@link SubscriberDirectory} answers from is rebuilt and swapped before the method returns. Numbers may be given in
 * any form {@link SubscriberDirectory} accepts (national forms are read with the company's country code); they are
 * stored normalised. May block on the database: never call it on the signalling path.
 *
 * @throws DirectoryException from every method, naming the field, when the input is refused (unknown company or
 *         user, malformed number, a number owned by another user, ...) or the store fails; nothing is changed
 */
@ProviderType
public interface DirectoryAdmin {

    /** Adds the company, or replaces it (all its settings, hours, holidays, ranges and whitelist) when it exists. */
    Company putCompany(Company company);

    /**
     * Removes a company; with {@code cascade} its users too, otherwise a company that still has users is refused.
     *
     * @return whether it existed
     */
    boolean removeCompany(String companyId, boolean cascade);

    /**
     * Adds the user, or replaces it (all its numbers, AORs and whitelist) when it exists; its company must exist and
     * none of its numbers or AORs may belong to another user.
     *
     * @return the user as stored (addresses normalised)
     */
    Subscriber putSubscriber(Subscriber subscriber);

    /** Removes a user. @return whether it existed */
    boolean removeSubscriber(String subscriberId);

    /**
     * Gives {@code address} (a number in any form, or a SIP AOR) to a user.
     *
     * @return the address as stored (normalised)
     */
    String addAddress(String subscriberId, String address);

    /** Takes {@code address} (any form) from whoever owns it. @return whether somebody owned it */
    boolean removeAddress(String address);

    /**
     * Adds a number to a whitelist.
     *
     * @param owner the company id for {@link WhitelistScope#COMPANY}, the user id for {@link WhitelistScope#USER},
     *              ignored (may be {@code null}) for {@link WhitelistScope#OPERATOR}
     * @return the number as stored (E.164)
     */
    String addWhitelist(WhitelistScope scope, String owner, String number);

    /** Removes a number from a whitelist. @return whether it was listed */
    boolean removeWhitelist(WhitelistScope scope, String owner, String number);

    /** Replaces a company's office hours. */
    void setOfficeHours(String companyId, OfficeHours hours);

    /** Adds a holiday to a company. @return whether it was new */
    boolean addHoliday(String companyId, LocalDate date);

    /** Removes a holiday. @return whether it existed */
    boolean removeHoliday(String companyId, LocalDate date);

    /**
     * Imports a batch, all or nothing: with {@code replace} the directory becomes exactly {@code data}; otherwise the
     * batch's companies and users are added or replaced, its operator whitelist entries added, and the rest kept.
     * Errors name the item (company or user id) and the field.
     */
    void importData(DirectoryData data, boolean replace);

    /** The whole directory, as stored. */
    DirectoryData exportData();

    /**
     * Reads a batch in one of the directory's file formats without applying it (nothing is changed): each field is
     * parsed as an import parses it (national forms of ranges read with the company's country code, office hours
     * text, dates, profiles). Whether companies exist and numbers are free is checked only when the batch is applied
     * ({@link #importData}, {@link #putCompany}, {@link #putSubscriber}).
     *
     * @throws DirectoryException naming the line and field of the first malformed item
     * @since 1.1
     */
    DirectoryData read(Reader in, DirectoryFormat format) throws IOException;

    /**
     * Writes a batch in one of the directory's file formats, as {@code siprec:directory-export} does; {@link #read}
     * reads it back.
     *
     * @since 1.1
     */
    String write(DirectoryData data, DirectoryFormat format);

    /** Reloads the snapshot from the store (after changes made to the database by other means). */
    void reload();
}
