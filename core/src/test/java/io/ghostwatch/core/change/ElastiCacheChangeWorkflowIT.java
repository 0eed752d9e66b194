package io.ghostwatch.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.elasticache.ParameterGroupChangeEngine;
import io.ghostwatch.core.elasticache.ParameterGroupPlan;
import io.ghostwatch.core.fix.ConfigChangeEngine;
import io.ghostwatch.core.fix.IdleClientKiller;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackSettings;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.RegionFleet;
import io.ghostwatch.core.testing.aws.ReplicationGroupSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ElastiCache remediation through the same workflow as a self-hosted one: proposed (the approval request shows the
 * parameter-group steps and who they reach), approved by a second person, applied once, verified, stored, and rolled
 * back, against the Slack and AWS stand-ins and the embedded change store.
 */
class ElastiCacheChangeWorkflowIT {

    private static final String TOKEN = "xoxb-workflow-test";
    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";

    @TempDir
    Path dir;
    private SlackApiStandIn slack;
    private SlackPoster poster;
    private AwsStandIn aws;
    private AwsClients clients;
    private FileChangeStore store;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        slack = SlackApiStandIn.start(TOKEN);
        poster = SlackPoster.create(SlackSettings.fromEnvironment(Map.of(SlackSettings.API_URL_VARIABLE, slack.apiUrl())),
                BotToken.of(TOKEN));
        aws = AwsStandIn.start();
        clients = AwsClients.create(aws.clientSettings());
        store = new FileChangeStore(dir, warnings::add);
        RegionFleet fleet = aws.fleet();
        fleet.addParameterGroup("shared-params", "redis7", "sessions and carts");
        fleet.add(ReplicationGroupSpec.named("sessions").parameterGroup("shared-params"));
        fleet.add(ReplicationGroupSpec.named("carts").parameterGroup("shared-params"));
        fleet.add(ReplicationGroupSpec.named("orders").shards(2).clusterMode(true));
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
        poster.close();
        slack.close();
    }

    private ChangeWorkflow workflow() {
        GhostwatchConfig config = ConfigLoader.parse("""
                slack:
                  channel: C0GHOSTW1
                  botToken: env:SLACK_BOT_TOKEN
                  approvalsChannel: C0GHOSTW1
                  approvers: [U0APPROVE1]
                elasticache:
                  regions: [us-east-1]
                """, "ghostwatch.yaml");
        SlackConfig.Approvals approvals = config.slack().approvals();
        Clock clock = Clock.systemUTC();
        Secrets secrets = Secrets.environmentOnly(Map.of());
        return new ChangeWorkflow(config, store, new ConfigChangeEngine(config.policy(), secrets, clock),
                new ParameterGroupChangeEngine(config.elasticache(), clients, config.policy()),
                new IdleClientKiller(config.policy(), secrets, clock),
                new Approvers(approvals, poster::userGroupMembers, clock),
                new SlackChangeNotifier(poster, SlackApiStandIn.CHANNEL_ID), clock, warnings::add);
    }

    private static Change created(ChangeWorkflow.Proposal proposal) {
        assertThat(proposal).isInstanceOf(ChangeWorkflow.Proposal.Created.class);
        return ((ChangeWorkflow.Proposal.Created) proposal).change();
    }

    private String timeout(String group) {
        return aws.parameterValue(AwsStandIn.DEFAULT_ACCOUNT, "us-east-1", group, "timeout");
    }

    @Test
    void aSharedCustomGroupIsChangedAfterApprovalAndRolledBack() {
        ChangeWorkflow wf = workflow();
        Change proposed = created(wf.propose("default/us-east-1/sessions", new ChangeAction.SetParameters(
                Map.of(TunableParameter.TIMEOUT, 86_400L)), ChangeReason.because("ghosts <!here>"), REQUESTER));

        assertThat(proposed.scope()).isInstanceOfSatisfying(ChangeScope.ParameterGroup.class, g ->
                assertThat(g.plan()).isInstanceOf(ParameterGroupPlan.ModifyGroup.class));
        String request = slack.calls("chat.postMessage").getFirst().blocks().toString();
        assertThat(request).contains("*Parameter group* `shared-params` (custom, redis7): timeout 0 (system)"
                + " \u2192 86400 (immediate)").contains("*Reaches 2 cache(s)*, every one using this group: `carts`,"
                + " `sessions`").contains("ghostwatch_approve").contains("&lt;!here&gt;").doesNotContain("<!here>");
        assertThat(timeout("shared-params")).as("nothing before approval").isEqualTo("0");

        assertThat(wf.approve(proposed.id(), REQUESTER)).isInstanceOf(ChangeWorkflow.Click.Refused.class);
        assertThat(wf.approve(proposed.id(), APPROVER)).isInstanceOf(ChangeWorkflow.Click.Moved.class);
        Change applied = wf.apply(proposed.id());

        assertThat(applied.state()).isEqualTo(ChangeState.APPLIED);
        assertThat(applied.result()).isInstanceOfSatisfying(ChangeOutcome.GroupApplied.class, g ->
                assertThat(g.applied().verified()).containsEntry(TunableParameter.TIMEOUT, 86_400L));
        assertThat(timeout("shared-params")).isEqualTo("86400");
        assertThat(wf.apply(proposed.id()).version()).as("applied once").isEqualTo(applied.version());
        assertThat(aws.calls("elasticache:ModifyCacheParameterGroup")).hasSize(1);
        assertThat(slack.calls("chat.update").getLast().blocks().toString()).contains("Applied and verified")
                .contains("`shared-params` timeout 0 \u2192 86400 (verified by reading the group back)");
        assertThat(store.find(proposed.id())).contains(applied);

        Change rollback = created(wf.proposeRollback(proposed.id(), REQUESTER));
        assertThat(rollback.action()).isEqualTo(new ChangeAction.Rollback(proposed.id(),
                Map.of(TunableParameter.TIMEOUT, 0L)));
        assertThat(wf.approve(rollback.id(), APPROVER)).isInstanceOf(ChangeWorkflow.Click.Moved.class);
        assertThat(wf.apply(rollback.id()).state()).isEqualTo(ChangeState.APPLIED);
        assertThat(timeout("shared-params")).isEqualTo("0");
        assertThat(store.recent(Optional.of("default/us-east-1/sessions"), 10)).hasSize(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aDefaultGroupsFixIsExplainedStepByStepAndAppliedOnlyWhenApproved() {
        ChangeWorkflow wf = workflow();
        Change proposed = created(wf.propose("default/us-east-1/orders", new ChangeAction.SetParameters(
                Map.of(TunableParameter.TIMEOUT, 86_400L, TunableParameter.TCP_KEEPALIVE, 60L)),
                ChangeReason.because("ghosts"), REQUESTER));

        String request = slack.calls("chat.postMessage").getFirst().blocks().toString();
        assertThat(request).contains("runs with the default group `default.redis7.cluster.on`, which cannot be modified")
                .contains("1. create parameter group `ghostwatch-orders-redis7` in family redis7")
                .contains("and cluster-enabled yes (cluster mode)")
                .contains("3. attach it to `default/us-east-1/orders` now (ModifyReplicationGroup, ApplyImmediately)");
        assertThat(aws.fleet().parameterGroup("ghostwatch-orders-redis7")).as("not before approval").isEmpty();

        assertThat(wf.reject(proposed.id(), APPROVER)).isInstanceOf(ChangeWorkflow.Click.Moved.class);
        assertThat(wf.apply(proposed.id()).state()).isEqualTo(ChangeState.REJECTED);
        assertThat(aws.fleet().parameterGroup("ghostwatch-orders-redis7")).as("rejected: never created").isEmpty();

        Change again = created(wf.propose("default/us-east-1/orders", new ChangeAction.SetParameters(
                Map.of(TunableParameter.TIMEOUT, 86_400L)), ChangeReason.because("ghosts"), REQUESTER));
        wf.approve(again.id(), APPROVER);
        assertThat(wf.apply(again.id()).result()).isInstanceOfSatisfying(ChangeOutcome.GroupApplied.class, g -> {
            assertThat(g.applied().created()).isTrue();
            assertThat(g.applied().replaced()).isEqualTo("default.redis7.cluster.on");
        });
        assertThat(aws.fleet().cacheCluster("orders-0002-001").orElseThrow().parameterGroup().name())
                .isEqualTo("ghostwatch-orders-redis7");
    }

    @Test
    void killIdleAndAlreadyFixedCachesAreRefusedWithTheReason() {
        ChangeWorkflow wf = workflow();
        assertThat(wf.propose("default/us-east-1/orders", new ChangeAction.KillIdle(3_600), ChangeReason.because("x"),
                REQUESTER)).isInstanceOfSatisfying(ChangeWorkflow.Proposal.Refused.class, r -> assertThat(r.why())
                .contains("kill-idle is not available for ElastiCache caches"));
        aws.fleet().setParameter("shared-params", "timeout", "86400");
        assertThat(wf.propose("default/us-east-1/carts", new ChangeAction.SetParameters(Map.of(TunableParameter.TIMEOUT,
                86_400L)), ChangeReason.because("x"), REQUESTER)).isInstanceOfSatisfying(
                ChangeWorkflow.Proposal.Refused.class, r -> assertThat(r.why()).isEqualTo(
                        "default/us-east-1/carts already has timeout=86400: nothing to change"));
        assertThat(wf.propose("default/us-east-1/nosuch", new ChangeAction.SetParameters(Map.of(
                TunableParameter.TIMEOUT, 86_400L)), ChangeReason.because("x"), REQUESTER)).isInstanceOfSatisfying(
                ChangeWorkflow.Proposal.Refused.class, r -> assertThat(r.why()).isEqualTo(
                        "no Redis OSS / Valkey cache named nosuch in default/us-east-1"));
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }
}
