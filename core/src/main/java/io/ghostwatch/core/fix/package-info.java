/**
 * Remediation: typed fix plans (allow-listed parameters within policy ranges, never free text) and the
 * engine that applies them to every node of a target, verifies, persists and rolls back.
 */
package io.ghostwatch.core.fix;
