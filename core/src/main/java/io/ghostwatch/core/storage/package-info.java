/** What the local file stores share: their default data directory and the directory lock. */
package io.ghostwatch.core.storage;
