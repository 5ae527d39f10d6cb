/**
 * Property-based fuzz tests of the platform's parsers without a test library: {@link org.siprec.testsupport.fuzz.Gen}
 * generators over a seeded {@link java.util.SplittableRandom}, {@link org.siprec.testsupport.fuzz.Tries} to run a
 * property, and {@link org.siprec.testsupport.fuzz.Mutation}s of valid input.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.siprec.testsupport.fuzz;
