/**
 * Benchmarks that print figures (not timed unit tests): {@link io.ghostwatch.bench.FleetAuditBench} audits a
 * local fleet of real redis-server processes plus silent endpoints. Run by {@code infra/bench/fleet-audit.sh}.
 */
package io.ghostwatch.bench;
