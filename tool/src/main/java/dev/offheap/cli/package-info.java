/**
 * One class per subcommand: options, a source ({@code live} or {@code saved}), {@code analyze}, {@code report};
 * exit codes mapped in one place ({@link dev.offheap.cli.Main}). May use every package.
 */
package dev.offheap.cli;
