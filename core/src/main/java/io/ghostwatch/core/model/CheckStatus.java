package io.ghostwatch.core.model;

/**
 * The outcome of one check on one node.
 * ERROR means a fact the check needs could not be read (the finding says which and why);
 * it is never a pass.
 */
public enum CheckStatus {
    PASS, FAIL, ERROR, NOT_APPLICABLE
}
