/**
 * The config file (inventory, tags, policy) and secret references. Every error names the file, line, key,
 * bad value and valid choices; passwords are references, never literals.
 */
package io.ghostwatch.core.config;
