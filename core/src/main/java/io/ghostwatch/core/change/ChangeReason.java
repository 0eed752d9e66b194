package io.ghostwatch.core.change;

import io.ghostwatch.core.slack.FindingKey;
import java.util.List;
import java.util.Objects;

/**
 * Why a change was proposed: the findings it answers (the "Propose fix" button carries one) and/or the requester's own
 * words. At least one of the two; {@code text} is empty when none was given.
 */
public record ChangeReason(List<FindingKey> findings, String text) {

    public ChangeReason {
        findings = List.copyOf(findings);
        Objects.requireNonNull(text, "reason text (empty when none)");
        text = text.strip();
        if (findings.isEmpty() && text.isEmpty()) {
            throw new IllegalArgumentException("a change needs a reason: a finding it fixes or a sentence saying why");
        }
        if (findings.stream().distinct().count() != findings.size()) {
            throw new IllegalArgumentException("a finding is listed twice in the reason: " + findings);
        }
    }

    public static ChangeReason of(FindingKey... findings) {
        return new ChangeReason(List.of(findings), "");
    }

    public static ChangeReason because(String text) {
        return new ChangeReason(List.of(), text);
    }
}
