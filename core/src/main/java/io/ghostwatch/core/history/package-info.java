/** Audit history: one sample per server per audit, and the stores that keep them (files locally, DynamoDB in AWS). */
package io.ghostwatch.core.history;
