/**
 * ElastiCache (Redis OSS and Valkey; memcached is ignored): what a cache is ({@link CacheResource}), how the audit finds
 * every cache in each configured account and region ({@link ElastiCacheDiscovery}), what it reads about them
 * ({@link ElastiCacheCollector} into an immutable {@link ElastiCacheSnapshot}: parameter group values, security group
 * rules, subnets, CloudWatch connection counts, and a client census over a direct connection where the config allows
 * one), and how a {@code timeout}/{@code tcp-keepalive} fix is made there ({@link ParameterGroupChangeEngine}: CONFIG
 * is a restricted command on ElastiCache, so the fix is a parameter-group change). All AWS I/O of the ElastiCache
 * audit is in this package; the checks over its snapshots are in {@code core.check}.
 */
package io.ghostwatch.core.elasticache;
