package io.ghostwatch.core.render;

import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import java.util.Comparator;

/** Worst first: FAIL by severity, then ERROR, NOT_APPLICABLE, PASS; then by node and check. */
final class FindingOrder {
    private FindingOrder() {
    }

    static final Comparator<Finding> WORST_FIRST = Comparator
            .comparingInt(FindingOrder::rank)
            .thenComparing(Finding::node)
            .thenComparing(Finding::checkId);

    private static int rank(Finding f) {
        return switch (f.status()) {
            case FAIL -> f.severity().ordinal();
            case ERROR -> 10;
            case NOT_APPLICABLE -> 11;
            case PASS -> 12;
        };
    }

    static boolean shownInFull(Finding f) {
        return f.status() != CheckStatus.PASS;
    }
}
