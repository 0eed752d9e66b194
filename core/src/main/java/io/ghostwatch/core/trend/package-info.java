/**
 * Leak detection on connection-count series: robust trend, confidence, start and time to exhaustion
 * ({@link io.ghostwatch.core.trend.LeakDetector}), and which client addresses the rise comes from
 * ({@link io.ghostwatch.core.trend.RisingAddresses}). Pure, no I/O.
 */
package io.ghostwatch.core.trend;
