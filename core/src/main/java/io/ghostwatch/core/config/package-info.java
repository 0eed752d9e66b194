/**
 * The config file (inventory, tags, policy) and secret references. Every error names the file, line, key,
 * bad value and valid choices; passwords are references ({@link io.ghostwatch.core.config.SecretRef}: {@code env:},
 * {@code file:}, {@code secret:} for AWS Secrets Manager), never literals, resolved through one
 * {@link io.ghostwatch.core.config.Secrets} per process (the environment, and Secrets Manager with a per-secret cache).
 */
package io.ghostwatch.core.config;
