/**
 * Benchmarks that print figures (not timed unit tests): {@link io.ghostwatch.bot.bench.BotAckBench} measures how fast
 * the Slack bot acknowledges, cold (a fresh JVM: the local server jar, and the Lambda handler through
 * {@link io.ghostwatch.bot.bench.LambdaColdStart}) and warm. Run by {@code infra/bench/bot-ack.sh}.
 */
package io.ghostwatch.bot.bench;
