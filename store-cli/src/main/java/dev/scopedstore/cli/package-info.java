/**
 * The {@code scoped-store} command-line tool: {@link dev.scopedstore.cli.ScopedStoreCommand}
 * and one class per subcommand, such as {@link dev.scopedstore.cli.TourCommand}.
 */
package dev.scopedstore.cli;
