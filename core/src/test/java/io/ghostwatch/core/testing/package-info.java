/**
 * Test support: real redis-server processes, clusters and misbehaving listeners on loopback (for *IT), and
 * the captured fixtures and snapshot factory the unit tests build on.
 */
package io.ghostwatch.core.testing;
