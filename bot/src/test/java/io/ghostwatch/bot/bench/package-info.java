/**
 * Benchmarks that print figures (not timed unit tests): {@link io.ghostwatch.bot.bench.BotAckBench} measures how fast
 * the Slack bot acknowledges, cold (a fresh JVM: the local server jar, and the Lambda handler) and warm, run by
 * {@code infra/bench/bot-ack.sh}; {@link io.ghostwatch.bot.bench.ColdStartBench} how long the Lambda functions (the
 * scheduled audit's plan, shard and publish, fed one another's answers by
 * {@link io.ghostwatch.bot.bench.AuditRunEvents}, and the bot) take to start cold under several JVM flag sets, and how
 * big their jars are, run by {@code infra/bench/cold-start.sh}. A Lambda cold start is one
 * {@link io.ghostwatch.bot.bench.LambdaColdStart} in a fresh JVM ({@link io.ghostwatch.bot.bench.ColdInvoke}); the rest
 * are the small parts both share.
 */
package io.ghostwatch.bot.bench;
