package io.ghostwatch.core.change;

import io.ghostwatch.core.config.SlackConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may approve a remediation: the Slack user IDs listed in {@code slack.approvers}, and the members of the user
 * group {@code slack.approverGroup}, looked up with {@code usergroups.users.list} and remembered for
 * {@link #GROUP_CACHE} (a removed member can approve for at most that long; a failed lookup is never remembered).
 * By user ID only: display names and e-mail addresses can change hands.
 */
public final class Approvers {

    /** How long a user group's member list is trusted. */
    public static final Duration GROUP_CACHE = Duration.ofMinutes(1);

    /** Looks up a user group's members (in Slack: {@code SlackPoster::userGroupMembers}). */
    @FunctionalInterface
    public interface GroupLookup {
        List<String> members(String userGroupId);
    }

    /** Whether a user may approve, and on what grounds. */
    public sealed interface Membership {
        /** @param basis why, for the record: "listed in slack.approvers" or "member of user group S..." */
        record Approver(String basis) implements Membership {
        }

        record NotApprover() implements Membership {
        }

        /** The group could not be read: neither yes nor no. */
        record Unknown(String why) implements Membership {
        }
    }

    private final SlackConfig.Approvals config;
    private final GroupLookup lookup;
    private final Clock clock;
    private Set<String> groupMembers;
    private Instant groupReadAt;

    public Approvers(SlackConfig.Approvals config, GroupLookup lookup, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Membership of(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (config.approvers().contains(userId)) {
            return new Membership.Approver("listed in slack.approvers");
        }
        String group = config.approverGroup();
        if (group == null) {
            return new Membership.NotApprover();
        }
        Set<String> members;
        try {
            members = members(group);
        } catch (RuntimeException e) {
            return new Membership.Unknown("could not read the members of approver group " + group + ": "
                    + e.getMessage());
        }
        return members.contains(userId) ? new Membership.Approver("member of user group " + group)
                : new Membership.NotApprover();
    }

    /** Who may approve, in words for a refusal (IDs, never rendered as mentions by the caller's escaping). */
    public String describe() {
        String listed = config.approvers().isEmpty() ? null : "the users listed in slack.approvers";
        String group = config.approverGroup() == null ? null : "members of user group " + config.approverGroup();
        return listed == null ? group : group == null ? listed : listed + " or " + group;
    }

    private synchronized Set<String> members(String group) {
        Instant now = clock.instant();
        if (groupMembers == null || !now.isBefore(groupReadAt.plus(GROUP_CACHE))) {
            groupMembers = Set.copyOf(lookup.members(group));
            groupReadAt = now;
        }
        return groupMembers;
    }
}
