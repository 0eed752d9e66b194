/** The vocabulary shared by every layer: findings, severities, endpoints and roles. No I/O here. */
package io.ghostwatch.core.model;
