/**
 * A scheduled audit run over a fleet too large for one invocation: the plan cuts the fleet into shards
 * ({@link io.ghostwatch.core.run.ShardPlan}), each shard audits its targets, stores their findings and leaves its share
 * of the digest in the {@link io.ghostwatch.core.run.RunStore}, and once every shard is done the digest is assembled
 * from all the shares and posted once.
 */
package io.ghostwatch.core.run;
