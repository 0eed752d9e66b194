/**
 * The Slack bot: one request path ({@link io.ghostwatch.bot.SlackEndpoint}: route, verify the signature, Bolt) behind
 * two thin adapters, {@link io.ghostwatch.bot.LocalBotServer} (the JDK's HTTP server) and
 * {@link io.ghostwatch.bot.SlackEventsHandler} (AWS Lambda, API Gateway HTTP API payload 2.0); the Bolt listeners
 * ({@link io.ghostwatch.bot.GhostwatchBot}); the worker fed by the SQS work queue
 * ({@link io.ghostwatch.bot.BotWorkerHandler}, AWS Lambda); and the wiring from the environment: what the bot and the
 * worker share ({@link io.ghostwatch.bot.BotServices}, {@link io.ghostwatch.bot.WorkerSettings}) and the bot's own
 * ({@link io.ghostwatch.bot.BotRuntime}, {@link io.ghostwatch.bot.BotSettings}).
 */
package io.ghostwatch.bot;
