/** Leak detection on connection-count series: robust trend, confidence, start and time to exhaustion. Pure, no I/O. */
package io.ghostwatch.core.trend;
