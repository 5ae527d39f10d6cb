package org.siprec.api.directory;

/**
 * The directory's file formats, as {@code siprec:directory-import} reads and {@code siprec:directory-export} writes
 * them (docs/directory.md, "Files"): the keys of a company or user are the CSV column names. The portal's
 * provisioning endpoints speak the JSON one, so a company given over HTTP reads exactly as in an import file.
 *
 * @since 1.1
 */
public enum DirectoryFormat {
    /** One item a line: {@code company,...}, {@code user,...}, {@code operator-whitelist,<number>}. */
    CSV,
    /** {@code {"companies": [...], "users": [...], "operator_whitelist": [...]}}. */
    JSON
}
