package io.ghostwatch.core.config;

import static io.ghostwatch.core.config.ConfigTexts.error;
import static io.ghostwatch.core.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.check.RedisCheck;
import io.ghostwatch.core.check.RedisChecks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code slack:} and {@code mutes:} sections: what they hold, and errors naming file:line, key, value and choices. */
class SlackAndMutesConfigTest {

    private static final String TARGETS = """
            targets:
              - name: cache-payments
                host: 10.0.0.5
                tags: {team: payments, env: prod}
              - name: queue
                host: 10.0.0.6
                tags: {team: platform}
            """;

    @Test
    void aFullSlackSection() {
        SlackConfig s = parse("""
                slack:
                  channel: C0123ABCD
                  botToken: env:SLACK_BOT_TOKEN
                  quietRuns: skip
                  maxListed: 25
                  maxThreadMessages: 300
                """).slack();
        assertThat(s.channel()).isEqualTo("C0123ABCD");
        assertThat(s.botToken()).isEqualTo(new SecretRef.Env("SLACK_BOT_TOKEN"));
        assertThat(s.quietRuns()).isEqualTo(SlackConfig.QuietRuns.SKIP);
        assertThat(s.maxListed()).isEqualTo(25);
        assertThat(s.maxThreadMessages()).isEqualTo(300);
    }

    @Test
    void approvalsWhoMayApproveWhereAndForHowLong() {
        SlackConfig.Approvals a = parse("""
                slack:
                  channel: C0123ABCD
                  botToken: env:SLACK_BOT_TOKEN
                  approvalsChannel: "#ghostwatch-approvals"
                  approvers: [U0123ABCD, W0456EFGH]
                  approverGroup: S0789IJKL
                  approvalTtlMinutes: 15
                  changeRetentionDays: 730
                """).slack().approvals();
        assertThat(a).isEqualTo(new SlackConfig.Approvals("#ghostwatch-approvals", java.util.List.of("U0123ABCD",
                "W0456EFGH"), "S0789IJKL", 15, 730));
        SlackConfig.Approvals defaults = parse("slack:\n  channel: C0123ABCD\n  botToken: env:T\n"
                + "  approvalsChannel: C0999ZZZZ\n  approverGroup: S0789IJKL\n").slack().approvals();
        assertThat(defaults.approvers()).isEmpty();
        assertThat(defaults.ttlMinutes()).isEqualTo(30);
        assertThat(defaults.retentionDays()).isEqualTo(400);
        assertThat(parse("slack:\n  channel: C0123ABCD\n  botToken: env:T\n").slack().approvals()).isNull();
    }

    @Test
    void approvalErrorsNameTheKeyTheValueAndTheValidForm() {
        String head = "slack:\n  channel: C0123ABCD\n  botToken: env:T\n";
        assertThat(error(head + "  approvers: [U0123ABCD]\n")).isEqualTo("ghostwatch.yaml:4: slack.approvers: needs"
                + " slack.approvalsChannel (the channel where approval requests are posted)");
        assertThat(error(head + "  approvalsChannel: C0999ZZZZ\n")).isEqualTo("ghostwatch.yaml:4: slack.approvalsChannel:"
                + " is set but nobody may approve: give slack.approvers (user IDs) or"
                + " slack.approverGroup (a user group ID), or both");
        assertThat(error(head + "  approvalsChannel: C0999ZZZZ\n  approvers: [U0123ABCD, alice@example.com]\n"))
                .startsWith("ghostwatch.yaml:5: slack.approvers[1]: 'alice@example.com' is not a Slack user ID (U or W");
        assertThat(error(head + "  approvalsChannel: C0999ZZZZ\n  approvers: [U0123ABCD, U0123ABCD]\n"))
                .isEqualTo("ghostwatch.yaml:5: slack.approvers[1]: 'U0123ABCD' is listed twice");
        assertThat(error(head + "  approvalsChannel: C0999ZZZZ\n  approvers: U0123ABCD\n")).isEqualTo(
                "ghostwatch.yaml:5: slack.approvers: must be a list of Slack user IDs, e.g. [U0123ABCD, U0456EFGH]");
        assertThat(error(head + "  approvalsChannel: C0999ZZZZ\n  approverGroup: \"@oncall\"\n")).startsWith(
                "ghostwatch.yaml:5: slack.approverGroup: '@oncall' is not a Slack user group ID");
        assertThat(error(head + "  approvalsChannel: C0999ZZZZ\n  approverGroup: S0789IJKL\n  approvalTtlMinutes: 0\n"))
                .isEqualTo("ghostwatch.yaml:6: slack.approvalTtlMinutes: '0' is not valid (valid: 1..1440, minutes an"
                        + " approval request stays approvable)");
        assertThat(error(head + "  approvalsChannel: C0999ZZZZ\n  approverGroup: S0789IJKL\n  changeRetentionDays: a year\n"))
                .isEqualTo("ghostwatch.yaml:6: slack.changeRetentionDays: 'a year' is not valid (valid: 30..3650, days"
                        + " every change and who did what are kept)");
        assertThat(error(head + "  approvalsChannel: \"Approvals!\"\n  approverGroup: S0789IJKL\n")).startsWith(
                "ghostwatch.yaml:4: slack.approvalsChannel: 'Approvals!' is neither a channel ID");
    }

    @Test
    void slackDefaultsAndChannelNames() {
        SlackConfig s = parse("slack:\n  channel: \"#ghost-watch_2\"\n  botToken: file:/run/secrets/slack\n").slack();
        assertThat(s.channel()).isEqualTo("#ghost-watch_2");
        assertThat(s.botToken()).isEqualTo(new SecretRef.File(Path.of("/run/secrets/slack")));
        assertThat(s.quietRuns()).isEqualTo(SlackConfig.QuietRuns.POST);
        assertThat(s.maxListed()).isEqualTo(10);
        assertThat(s.maxThreadMessages()).isEqualTo(100);
        assertThat(parse("slack:\n  channel: ghostwatch\n  botToken: env:T\n").slack().channel()).isEqualTo("ghostwatch");
        assertThat(parse(TARGETS).slack()).isNull();
        assertThat(parse(TARGETS).mutes()).isEmpty();
    }

    @Test
    void slackErrorsNameTheKeyTheValueAndTheChoices() {
        assertThat(error("slack:\n  channel: C0123ABCD\n  botToken: env:T\n  quietRuns: sometimes\n")).isEqualTo(
                "ghostwatch.yaml:4: slack.quietRuns: 'sometimes' is not valid (valid: post = one line 'all quiet / N"
                        + " still open', skip = post nothing)");
        assertThat(error("slack:\n  channel: C0123ABCD\n  botToken: env:T\n  maxListed: 42\n")).isEqualTo(
                "ghostwatch.yaml:4: slack.maxListed: '42' is not valid (valid: 1..41, findings listed in the digest"
                        + " before 'and N more'; a message holds at most 50 blocks)");
        assertThat(error("slack:\n  channel: C0123ABCD\n  botToken: env:T\n  maxThreadMessages: 5\n")).isEqualTo(
                "ghostwatch.yaml:4: slack.maxThreadMessages: '5' is not valid (valid: 10..1000, messages in the digest's"
                        + " thread before the remaining details go into a file; Slack posts about one a second)");
        assertThat(error("slack:\n  channel: C0123ABCD\n  botToken: env:T\n  maxListed: ten\n"))
                .startsWith("ghostwatch.yaml:4: slack.maxListed: 'ten' is not valid (valid: 1..41");
        assertThat(error("slack:\n  channel: \"#Ghost Watch\"\n  botToken: env:T\n")).isEqualTo(
                "ghostwatch.yaml:2: slack.channel: '#Ghost Watch' is neither a channel ID (C, G or D and 8-20 capital"
                        + " letters or digits, e.g. C0123ABCD) nor a channel name (#ghostwatch: lowercase letters,"
                        + " digits, '-', '_', '.')");
        assertThat(error("slack:\n  botToken: env:T\n")).isEqualTo("ghostwatch.yaml:2: slack.channel: is required (a"
                + " channel ID like C0123ABCD, or a public channel's name like #ghostwatch)");
        assertThat(error("slack:\n  channel: C0123ABCD\n")).isEqualTo("ghostwatch.yaml:2: slack.botToken: is required"
                + " (a reference to the bot token: env:VARIABLE, file:/path/to/file, secret:NAME or"
                + " secret:NAME#json-key (NAME a Secrets Manager secret name or ARN))");
        assertThat(error("slack:\n  channel: C0123ABCD\n  botToken: env:T\n  webhook: https://x\n")).isEqualTo(
                "ghostwatch.yaml:4: slack.webhook: unknown key; valid keys: channel, botToken, quietRuns, maxListed,"
                + " maxThreadMessages, approvalsChannel, approvers, approverGroup, approvalTtlMinutes, changeRetentionDays");
        assertThat(error("slack: C0123ABCD\n")).isEqualTo("ghostwatch.yaml:1: slack: must be a mapping of key: value");
    }

    @Test
    void aBotTokenWrittenIntoTheFileIsRefusedWithoutEchoingIt() {
        String message = error("slack:\n  channel: C0123ABCD\n  botToken: xoxb-1234-5678-secretsecret\n");
        assertThat(message).startsWith("ghostwatch.yaml:3: slack.botToken: the bot token must be a reference"
                + " (env:VARIABLE, file:/path/to/file, secret:NAME or secret:NAME#json-key"
                + " (NAME a Secrets Manager secret name or ARN)), not the token itself").doesNotContain("xoxb-1234");
        assertThat(error("slack:\n  channel: C0123ABCD\n  botToken: env:not a name\n"))
                .contains("ghostwatch.yaml:3: slack.botToken: 'not a name' is not an environment variable name");
    }

    @Test
    void mutesByTargetAndByTag() {
        GhostwatchConfig c = parse(TARGETS + """
                mutes:
                  - check: redis_bind_restricted
                    target: cache-payments
                    reason: behind a firewall that only admits the app subnet (SEC-142)
                    expires: 2026-12-31
                  - check: redis_tcp_keepalive_enabled
                    tag: team=payments
                    reason: "vendor image, fixed in 7.2 rollout"
                    expires: 2026-12-31T18:00:00+01:00
                """);
        assertThat(c.mutes()).hasSize(2);
        Mute byTarget = c.mutes().getFirst();
        assertThat(byTarget.checkId()).isEqualTo("redis_bind_restricted");
        assertThat(byTarget.scope()).isEqualTo(new Mute.Scope.Target("cache-payments"));
        assertThat(byTarget.reason()).startsWith("behind a firewall");
        assertThat(byTarget.expires()).as("a date holds through that day, UTC").isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(byTarget.source()).isEqualTo("ghostwatch.yaml:9: mutes[0]");
        assertThat(byTarget.covers("cache-payments", Map.of(), "redis_bind_restricted")).isTrue();
        assertThat(byTarget.covers("queue", Map.of(), "redis_bind_restricted")).isFalse();
        assertThat(byTarget.covers("cache-payments", Map.of(), "redis_idle_timeout_enabled")).isFalse();

        Mute byTag = c.mutes().get(1);
        assertThat(byTag.scope()).isEqualTo(new Mute.Scope.Tag("team", "payments"));
        assertThat(byTag.expires()).isEqualTo(Instant.parse("2026-12-31T17:00:00Z"));
        assertThat(byTag.covers("anything", Map.of("team", "payments"), "redis_tcp_keepalive_enabled")).isTrue();
        assertThat(byTag.covers("anything", Map.of("team", "platform"), "redis_tcp_keepalive_enabled")).isFalse();
        assertThat(byTag.expiredAt(Instant.parse("2026-12-31T16:59:59Z"))).isFalse();
        assertThat(byTag.expiredAt(Instant.parse("2026-12-31T17:00:00Z"))).isTrue();
        assertThat(byTag.describe()).isEqualTo("redis_tcp_keepalive_enabled on tag team=payments");
    }

    @Test
    void anUnknownCheckListsEveryValidId() {
        String message = error(TARGETS + "mutes:\n  - check: redis_timeout\n    target: queue\n    reason: x\n"
                + "    expires: 2026-12-31\n");
        assertThat(message).startsWith("ghostwatch.yaml:9: mutes[0].check: 'redis_timeout' is not a check ID (valid: ");
        for (RedisCheck check : RedisChecks.all()) {
            assertThat(message).contains(check.id());
        }
    }

    @Test
    void muteErrorsNameTheKeyTheValueAndTheChoices() {
        String mute = "mutes:\n  - check: redis_bind_restricted\n";
        assertThat(error(TARGETS + mute + "    target: cache-paymnts\n    reason: x\n    expires: 2026-12-31\n"))
                .isEqualTo("ghostwatch.yaml:10: mutes[0].target: 'cache-paymnts' is not a target in this file (valid:"
                        + " cache-payments, queue)");
        assertThat(error(TARGETS + mute + "    tag: team=paymnts\n    reason: x\n    expires: 2026-12-31\n"))
                .isEqualTo("ghostwatch.yaml:10: mutes[0].tag: no target has tag 'team=paymnts' (valid: env=prod,"
                        + " team=payments, team=platform)");
        assertThat(error(TARGETS + mute + "    tag: payments\n    reason: x\n    expires: 2026-12-31\n"))
                .isEqualTo("ghostwatch.yaml:10: mutes[0].tag: 'payments' is not key=value (valid form: team=payments)");
        assertThat(error(TARGETS + mute + "    target: queue\n    tag: team=platform\n    reason: x\n"
                + "    expires: 2026-12-31\n")).isEqualTo("ghostwatch.yaml:9: mutes[0]: give exactly one of 'target'"
                + " (a target's name) or 'tag' (key=value, e.g. team=payments)");
        assertThat(error(TARGETS + mute + "    reason: x\n    expires: 2026-12-31\n"))
                .startsWith("ghostwatch.yaml:9: mutes[0]: give exactly one of 'target'");
        assertThat(error(TARGETS + mute + "    target: queue\n    expires: 2026-12-31\n"))
                .isEqualTo("ghostwatch.yaml:9: mutes[0].reason: is required: a mute names the check, says why, and ends"
                        + " (keys: check, target or tag, reason, expires)");
        assertThat(error(TARGETS + mute + "    target: queue\n    reason: \"  \"\n    expires: 2026-12-31\n"))
                .startsWith("ghostwatch.yaml:11: mutes[0].reason: is empty: say why");
        assertThat(error(TARGETS + mute + "    target: queue\n    reason: x\n"))
                .startsWith("ghostwatch.yaml:9: mutes[0].expires: is required");
        assertThat(error(TARGETS + mute + "    target: queue\n    reason: x\n    expires: next week\n"))
                .isEqualTo("ghostwatch.yaml:12: mutes[0].expires: 'next week' is not an ISO date or date-time with an"
                        + " offset (valid: 2026-12-31, which holds through that day UTC; or 2026-12-31T18:00:00Z or"
                        + " 2026-12-31T18:00:00+01:00)");
        assertThat(error(TARGETS + mute + "    target: queue\n    reason: x\n    expires: 2026-12-31T18:00:00\n"))
                .startsWith("ghostwatch.yaml:12: mutes[0].expires: '2026-12-31T18:00:00' is not an ISO date or"
                        + " date-time with an offset");
        assertThat(error(TARGETS + mute + "    target: queue\n    reason: x\n    expires: 2026-12-31\n    until: x\n"))
                .isEqualTo("ghostwatch.yaml:13: mutes[0].until: unknown key; valid keys: check, target, tag, reason,"
                        + " expires");
        assertThat(error(TARGETS + "mutes:\n  check: redis_bind_restricted\n")).isEqualTo("ghostwatch.yaml:9: mutes:"
                + " must be a list of mutes (each item starting with '- check: ...')");
    }

    @Test
    void withoutATargetListAMuteMayNameAnyTarget() {
        GhostwatchConfig c = parse("mutes:\n  - check: redis_bind_restricted\n    target: 127.0.0.1:6379\n"
                + "    reason: lab\n    expires: 2026-12-31\n");
        assertThat(c.mutes().getFirst().scope()).isEqualTo(new Mute.Scope.Target("127.0.0.1:6379"));
    }
}
