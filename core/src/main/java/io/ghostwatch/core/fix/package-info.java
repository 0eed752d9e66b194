/**
 * Remediation: typed fix plans (allow-listed parameters within policy ranges, never free text) and the
 * engine that applies them to every node of a target, verifies, persists and rolls back; and {@code kill-idle}
 * ({@link io.ghostwatch.core.fix.IdleClientKiller}), which closes the idle connections already there on every
 * node, sparing replicas, masters, MONITOR, Pub/Sub, blocked clients and Ghostwatch itself.
 */
package io.ghostwatch.core.fix;
