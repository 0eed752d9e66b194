/**
 * Self-hosted Redis: the collector (all I/O), the immutable snapshot records it produces, and the parsers
 * for INFO, CONFIG GET, CLIENT LIST and CLUSTER NODES replies. Parsers read by key and ignore what they
 * do not know.
 */
package io.ghostwatch.core.redis;
