/** Thresholds that decide verdicts and the ranges fixes may use: one enum of keys, one immutable policy. */
package io.ghostwatch.core.policy;
