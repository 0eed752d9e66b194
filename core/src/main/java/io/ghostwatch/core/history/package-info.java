/**
 * Audit history: one sample per server per audit, and the stores that keep them (files locally, DynamoDB in
 * AWS) behind {@link io.ghostwatch.core.history.SampleStore}.
 */
package io.ghostwatch.core.history;
