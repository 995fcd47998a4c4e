/**
 * The {@code arena} command ({@link io.vlaarena.cli.ArenaCli}): an application of the library, not a
 * library itself; its only public entry point is {@code main}. See {@code docs/cli.md}.
 */
package io.vlaarena.cli;
