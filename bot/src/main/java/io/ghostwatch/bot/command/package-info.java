/**
 * The {@code /ghostwatch} slash command's language: the typed commands ({@link io.ghostwatch.bot.command.BotCommand}),
 * the parser that turns a user's text into one of them or a {@link io.ghostwatch.bot.command.CommandError}, and the
 * help text. Nothing here does I/O; a fix can only name allow-listed parameters within the policy's ranges.
 */
package io.ghostwatch.bot.command;
