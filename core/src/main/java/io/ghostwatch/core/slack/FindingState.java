package io.ghostwatch.core.slack;

/**
 * Where a failed finding stands against the previous run. NEW: not open before. STILL_OPEN: open before and failing
 * now. RESOLVED: open before and now re-checked and passing (or no longer applicable).
 */
public enum FindingState {
    NEW, STILL_OPEN, RESOLVED;

    public String label() {
        return switch (this) {
            case NEW -> "new";
            case STILL_OPEN -> "still open";
            case RESOLVED -> "resolved";
        };
    }
}
