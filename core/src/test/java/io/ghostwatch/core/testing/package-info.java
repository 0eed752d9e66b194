/** Test harness: real redis-server processes, clusters, and misbehaving listeners on loopback. */
package io.ghostwatch.core.testing;
