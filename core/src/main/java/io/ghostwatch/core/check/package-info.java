/**
 * Checks: one class per expectation, each a pure function of a node snapshot and the policy, each with its
 * metadata (title, worst severity, risk, remediation, the Redis commands its facts come from) and a typed
 * fix plan on FAIL. No I/O here.
 */
package io.ghostwatch.core.check;
