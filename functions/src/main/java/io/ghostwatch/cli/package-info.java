/** The {@code ghostwatch} command line: parse options, call core, render. No audit logic here. */
package io.ghostwatch.cli;
