/**
 * The Slack bot: one request path ({@link io.ghostwatch.bot.SlackEndpoint}: route, verify the signature, Bolt) behind
 * two thin adapters, {@link io.ghostwatch.bot.LocalBotServer} (the JDK's HTTP server) and
 * {@link io.ghostwatch.bot.SlackEventsHandler} (AWS Lambda, API Gateway HTTP API payload 2.0); the Bolt listeners
 * ({@link io.ghostwatch.bot.GhostwatchBot}); and the wiring from the environment ({@link io.ghostwatch.bot.BotRuntime}).
 */
package io.ghostwatch.bot;
