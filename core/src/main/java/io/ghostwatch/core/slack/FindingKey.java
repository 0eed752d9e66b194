package io.ghostwatch.core.slack;

import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.model.Finding;
import java.util.Comparator;
import java.util.Objects;

/**
 * The stable identity of a finding across runs: {@code <target>/<node>/<checkId>}, e.g.
 * {@code lab-1/10.0.0.5:6379/redis_idle_timeout_enabled}. It is the value of the "Propose fix" button and the key
 * of the finding store. A target name may itself hold '/'; a node ({@code host:port}) and a check ID never do, so
 * the key parses from the right without ambiguity.
 */
public record FindingKey(String target, String node, String checkId) implements Comparable<FindingKey> {

    private static final Comparator<FindingKey> ORDER = Comparator.comparing(FindingKey::target)
            .thenComparing(FindingKey::node).thenComparing(FindingKey::checkId);

    public FindingKey {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(checkId, "checkId");
        if (target.isEmpty() || node.isEmpty() || checkId.isEmpty()) {
            throw new IllegalArgumentException("a finding key needs a target, a node and a check ID: '"
                    + target + "/" + node + "/" + checkId + "'");
        }
        if (node.contains("/") || checkId.contains("/")) {
            throw new IllegalArgumentException("a node or check ID cannot contain '/': node '" + node
                    + "', check '" + checkId + "'");
        }
    }

    public static FindingKey of(TargetReport target, Finding finding) {
        return new FindingKey(target.name(), finding.node(), finding.checkId());
    }

    /** Parses {@link #value()}; the error names the text and the valid form. */
    public static FindingKey parse(String text) {
        int last = text.lastIndexOf('/');
        int middle = last > 0 ? text.lastIndexOf('/', last - 1) : -1;
        if (middle <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a finding key; valid form: target/host:port/checkId");
        }
        return new FindingKey(text.substring(0, middle), text.substring(middle + 1, last), text.substring(last + 1));
    }

    public String value() {
        return target + "/" + node + "/" + checkId;
    }

    @Override
    public String toString() {
        return value();
    }

    @Override
    public int compareTo(FindingKey o) {
        return ORDER.compare(this, o);
    }
}
