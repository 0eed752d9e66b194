/**
 * Test support: real redis-server processes, clusters and misbehaving listeners on loopback (for *IT), network
 * namespaces for faults that need a real network (as root), and the captured fixtures and snapshot factory the
 * unit tests build on.
 */
package io.ghostwatch.core.testing;
