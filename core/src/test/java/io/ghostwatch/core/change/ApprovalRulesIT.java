package io.ghostwatch.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.change.ApprovalRules.Decision;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackSettings;
import io.ghostwatch.core.testing.ManualClock;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approval rules against the Slack Web API stand-in: user group membership comes from a real
 * {@code usergroups.users.list} call over HTTP, cached for a minute, never cached when it fails.
 */
class ApprovalRulesIT {

    private static final String TOKEN = "xoxb-approvals-test";
    private static final String REQUESTER = "U0REQUEST1";
    private static final String LISTED = "U0LISTED01";
    private static final String IN_GROUP = "U0ONCALL01";
    private static final String STRANGER = "U0STRANGE1";
    private static final String GROUP = "S0ONCALL01";
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(30));

    private SlackApiStandIn slack;
    private SlackPoster poster;
    private final ManualClock clock = new ManualClock(NOW);

    @BeforeEach
    void start() {
        slack = SlackApiStandIn.start(TOKEN);
        slack.userGroup(GROUP, List.of(IN_GROUP, "U0ONCALL02"));
        poster = SlackPoster.create(SlackSettings.fromEnvironment(Map.of(SlackSettings.API_URL_VARIABLE, slack.apiUrl())),
                BotToken.of(TOKEN));
    }

    @AfterEach
    void stop() {
        poster.close();
        slack.close();
    }

    private ApprovalRules rules(List<String> approvers, String group) {
        SlackConfig.Approvals config = new SlackConfig.Approvals("C0APPROVE1", approvers, group, 30, 400);
        return new ApprovalRules(new Approvers(config, poster::userGroupMembers, clock));
    }

    @Test
    void aListedApproverOrAGroupMemberMayApproveSomeoneElsesChange() {
        ApprovalRules rules = rules(List.of(LISTED), GROUP);
        assertThat(rules.approve(REQUESTER, LISTED, EXPIRES, NOW)).isEqualTo(new Decision.Allowed("listed in slack.approvers"));
        assertThat(rules.approve(REQUESTER, IN_GROUP, EXPIRES, NOW))
                .isEqualTo(new Decision.Allowed("member of user group " + GROUP));
        assertThat(slack.calls("usergroups.users.list")).singleElement()
                .satisfies(c -> assertThat(c.param("usergroup")).isEqualTo(GROUP));
    }

    @Test
    void theRequesterCannotApproveTheirOwnChangeEvenAsAnApprover() {
        Decision d = rules(List.of(LISTED), GROUP).approve(LISTED, LISTED, EXPIRES, NOW);
        assertThat(d).isEqualTo(new Decision.Refused("you proposed this change: a second engineer must approve it (the"
                + " users listed in slack.approvers or members of user group " + GROUP + ")"));
    }

    @Test
    void someoneWhoIsNeitherListedNorInTheGroupIsRefused() {
        assertThat(rules(List.of(LISTED), null).approve(REQUESTER, STRANGER, EXPIRES, NOW)).isEqualTo(
                new Decision.Refused("only the users listed in slack.approvers may approve changes, and you are not one"
                        + " of them"));
        assertThat(rules(List.of(), GROUP).approve(REQUESTER, STRANGER, EXPIRES, NOW)).isEqualTo(
                new Decision.Refused("only members of user group " + GROUP + " may approve changes, and you are not one"
                        + " of them"));
    }

    @Test
    void anExpiredRequestIsRefusedToEveryone() {
        Decision d = rules(List.of(LISTED), null).approve(REQUESTER, LISTED, EXPIRES, EXPIRES.plusSeconds(300));
        assertThat(d).isEqualTo(new Decision.Refused("this request expired at 2026-11-21T10:30:00Z (5 min ago); propose"
                + " the change again to get fresh values and a new request"));
        assertThat(rules(List.of(LISTED), null).approve(REQUESTER, LISTED, EXPIRES, EXPIRES))
                .isInstanceOf(Decision.Refused.class);
    }

    @Test
    void groupMembersAreReadOncePerMinuteAndAFailedReadIsNeitherYesNorNoNorRemembered() {
        ApprovalRules rules = rules(List.of(), GROUP);
        slack.reply("usergroups.users.list", SlackApiStandIn.Reply.error("missing_scope"));
        assertThat(rules.approve(REQUESTER, IN_GROUP, EXPIRES, NOW)).isInstanceOfSatisfying(Decision.Refused.class,
                r -> assertThat(r.why()).startsWith("could not read the members of approver group " + GROUP + ": ")
                        .contains("missing_scope").endsWith("; nothing was approved, try again"));
        assertThat(rules.approve(REQUESTER, IN_GROUP, EXPIRES, NOW)).isInstanceOf(Decision.Allowed.class);
        slack.userGroup(GROUP, List.of("U0ONCALL02")); // IN_GROUP leaves the group
        assertThat(rules.approve(REQUESTER, IN_GROUP, EXPIRES, NOW)).isInstanceOf(Decision.Allowed.class);
        clock.set(NOW.plus(Approvers.GROUP_CACHE));
        assertThat(rules.approve(REQUESTER, IN_GROUP, EXPIRES, clock.instant())).isInstanceOf(Decision.Refused.class);
        assertThat(slack.calls("usergroups.users.list")).hasSize(3);
    }
}
