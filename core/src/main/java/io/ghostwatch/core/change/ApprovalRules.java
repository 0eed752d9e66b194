package io.ghostwatch.core.change;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The rules a click on Approve must pass, in this order: the request has not expired, the clicker is not the one
 * who asked, and the clicker may approve. A refusal says which rule and what would pass it; it is told to the
 * clicker only, and the request stays open for a legitimate approver. (That the values are still what was approved
 * is checked again just before applying: see the apply step.)
 */
public final class ApprovalRules {

    /** The outcome of one click. */
    public sealed interface Decision {
        /** @param basis why this approver may approve, for the change's history */
        record Allowed(String basis) implements Decision {
        }

        record Refused(String why) implements Decision {
        }
    }

    private final Approvers approvers;

    public ApprovalRules(Approvers approvers) {
        this.approvers = Objects.requireNonNull(approvers, "approvers");
    }

    /**
     * @param requester the Slack user ID that proposed the change
     * @param clicker   the Slack user ID that clicked Approve
     * @param expiresAt when the request stops being approvable
     */
    public Decision approve(String requester, String clicker, Instant expiresAt, Instant now) {
        if (!now.isBefore(expiresAt)) {
            return new Decision.Refused("this request expired at " + expiresAt.truncatedTo(ChronoUnit.SECONDS)
                    + " (" + ago(Duration.between(expiresAt, now)) + "); propose the change again to get fresh values"
                    + " and a new request");
        }
        if (requester.equals(clicker)) {
            return new Decision.Refused("you proposed this change: a second engineer must approve it ("
                    + approvers.describe() + ")");
        }
        return switch (approvers.of(clicker)) {
            case Approvers.Membership.Approver a -> new Decision.Allowed(a.basis());
            case Approvers.Membership.NotApprover n -> new Decision.Refused("only " + approvers.describe()
                    + " may approve changes, and you are not one of them");
            case Approvers.Membership.Unknown u -> new Decision.Refused(u.why() + "; nothing was approved, try again");
        };
    }

    private static String ago(Duration d) {
        long minutes = d.toMinutes();
        return minutes < 1 ? "just now" : minutes < 120 ? minutes + " min ago" : d.toHours() + " h ago";
    }
}
