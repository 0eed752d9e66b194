/**
 * Running audits: one target (entry node, topology, checks) and a fleet (bounded concurrency on virtual
 * threads, per-target deadlines), producing immutable reports.
 */
package io.ghostwatch.core.audit;
