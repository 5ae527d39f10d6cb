/**
 * The subscriber directory: companies (tenants), their users (subscribers) with numbers, AORs, recording profile
 * and whitelists, and the operator-wide whitelist, as the recording policies read them on the signalling path
 * ({@link org.siprec.api.directory.SubscriberDirectory}, answered from memory), and the provisioning interface
 * that changes them ({@link org.siprec.api.directory.DirectoryAdmin}; since 1.1 it also reads and writes the
 * directory's file formats, {@link org.siprec.api.directory.DirectoryFormat}); since 1.2 the DTMF feature codes of companies and users
 * ({@link org.siprec.api.directory.FeatureCodes}). See {@code docs/directory.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.siprec.api.directory;
