package io.ghostwatch.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.change.ChangeWorkflow.Click;
import io.ghostwatch.core.change.ChangeWorkflow.Proposal;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.elasticache.ParameterGroupChangeEngine;
import io.ghostwatch.core.fix.ConfigChangeEngine;
import io.ghostwatch.core.fix.IdleClientKiller;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackSettings;
import io.ghostwatch.core.testing.ManualClock;
import io.ghostwatch.core.testing.RawClient;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The whole life of a remediation against real redis-servers, the embedded change store and the Slack stand-in:
 * propose, refusals, approval, apply once, verify, roll back; stale, expired, partial failure, kill-idle, and 20
 * racing approvals giving one CONFIG SET.
 */
class ChangeWorkflowIT {

    private static final String TOKEN = "xoxb-workflow-test";
    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String STRANGER = "U0STRANGE1";

    @TempDir
    Path dir;
    private SlackApiStandIn slack;
    private SlackPoster poster;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ManualClock clock = new ManualClock(Instant.now());
    private FileChangeStore store;

    @BeforeEach
    void start() {
        slack = SlackApiStandIn.start(TOKEN);
        poster = SlackPoster.create(SlackSettings.fromEnvironment(Map.of(SlackSettings.API_URL_VARIABLE, slack.apiUrl())),
                BotToken.of(TOKEN));
        store = new FileChangeStore(dir, warnings::add);
    }

    @AfterEach
    void stop() {
        poster.close();
        slack.close();
    }

    private ChangeWorkflow workflow(Policy policy, TargetSpec... targets) {
        SlackConfig.Approvals approvals = new SlackConfig.Approvals(SlackApiStandIn.CHANNEL_ID, List.of(APPROVER), null,
                30, 400);
        SlackConfig slackConfig = new SlackConfig(SlackApiStandIn.CHANNEL_ID, new SecretRef.Env("SLACK_BOT_TOKEN"),
                SlackConfig.QuietRuns.POST, 10, approvals);
        GhostwatchConfig config = new GhostwatchConfig(List.of(targets), policy, slackConfig, List.of());
        Secrets secrets = Secrets.environmentOnly(Map.of());
        return new ChangeWorkflow(config, store, new ConfigChangeEngine(policy, secrets, clock),
                new ParameterGroupChangeEngine(null, null, policy), new IdleClientKiller(policy, secrets, clock),
                new Approvers(approvals, poster::userGroupMembers, clock),
                new SlackChangeNotifier(poster, SlackApiStandIn.CHANNEL_ID), clock, warnings::add);
    }

    private static ChangeScope.Nodes nodes(Change change) {
        return (ChangeScope.Nodes) change.scope();
    }

    private ChangeWorkflow workflow(TargetSpec... targets) {
        return workflow(Policy.defaults(), targets);
    }

    private static TargetSpec target(String name, RedisServerProcess redis) {
        return TargetSpec.fromUri(name, redis.uri(), null, Map.of(), "test");
    }

    private static ChangeAction.SetParameters timeout(long seconds) {
        return new ChangeAction.SetParameters(Map.of(TunableParameter.TIMEOUT, seconds));
    }

    private static String configGet(RedisServerProcess redis, String parameter) {
        try (Jedis j = redis.admin()) {
            return j.configGet(parameter).get(parameter);
        }
    }

    private static long configSetCalls(RedisServerProcess redis) {
        try (Jedis j = redis.admin()) {
            String stats = j.info("commandstats");
            return stats.lines().filter(l -> l.startsWith("cmdstat_config|set:")).mapToLong(l -> Long.parseLong(
                    l.replaceAll("^cmdstat_config\\|set:calls=(\\d+),.*$", "$1"))).sum();
        }
    }

    private Change created(Proposal p) {
        assertThat(p).isInstanceOf(Proposal.Created.class);
        return ((Proposal.Created) p).change();
    }

    @Test
    void proposeRefuseApproveApplyOnceVerifyAndRollBack() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            ChangeWorkflow wf = workflow(target("web", redis));
            Change proposed = created(wf.propose("web", timeout(300), ChangeReason.because("ghosts from <!channel>"),
                    REQUESTER));
            assertThat(nodes(proposed).before()).containsValue(Map.of(TunableParameter.TIMEOUT, 0L));
            assertThat(proposed.approvalMessage()).isNotNull();
            SlackApiStandIn.Call request = slack.calls("chat.postMessage").getFirst();
            assertThat(request.param("channel")).isEqualTo(SlackApiStandIn.CHANNEL_ID);
            String blocks = request.blocks().toString();
            assertThat(blocks).contains("ghostwatch_approve").contains("ghostwatch_reject").contains(proposed.id().value())
                    .contains("timeout 0 \u2192 300").contains("&lt;!channel&gt;").doesNotContain("<!channel>");

            assertThat(wf.approve(proposed.id(), REQUESTER)).isInstanceOfSatisfying(Click.Refused.class,
                    r -> assertThat(r.why()).startsWith("you proposed this change"));
            assertThat(wf.approve(proposed.id(), STRANGER)).isInstanceOfSatisfying(Click.Refused.class,
                    r -> assertThat(r.why()).startsWith("only the users listed in slack.approvers"));
            assertThat(configGet(redis, "timeout")).isEqualTo("0");

            assertThat(wf.approve(proposed.id(), APPROVER)).isInstanceOfSatisfying(Click.Moved.class,
                    m -> assertThat(m.change().state()).isEqualTo(ChangeState.APPROVED));
            Change applied = wf.apply(proposed.id());
            assertThat(applied.state()).isEqualTo(ChangeState.APPLIED);
            assertThat(applied.result()).isInstanceOfSatisfying(ChangeOutcome.Applied.class, a -> assertThat(
                    a.nodes().getFirst().verified()).containsEntry(TunableParameter.TIMEOUT, 300L));
            assertThat(configGet(redis, "timeout")).isEqualTo("300");
            assertThat(applied.history()).extracting(Transition::to, Transition::actor).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ChangeState.APPROVED, APPROVER),
                    org.assertj.core.groups.Tuple.tuple(ChangeState.APPLYING, Transition.GHOSTWATCH),
                    org.assertj.core.groups.Tuple.tuple(ChangeState.APPLIED, Transition.GHOSTWATCH));
            assertThat(slack.calls("chat.update")).hasSize(3);
            assertThat(slack.calls("chat.update").getLast().blocks().toString()).contains("Applied and verified")
                    .contains("timeout 0 \u2192 300").doesNotContain("ghostwatch_approve");

            // the second click and a retried apply are no-ops answered with the current state
            assertThat(wf.approve(proposed.id(), APPROVER)).isInstanceOfSatisfying(Click.AlreadyDecided.class,
                    d -> assertThat(d.current().state()).isEqualTo(ChangeState.APPLIED));
            assertThat(wf.apply(proposed.id()).version()).isEqualTo(applied.version());
            assertThat(configSetCalls(redis)).isEqualTo(1);

            clock.advance(Duration.ofSeconds(60)); // the rollback is proposed a minute later: `recent` lists it first
            Change rollback = created(wf.proposeRollback(proposed.id(), REQUESTER));
            assertThat(rollback.action()).isEqualTo(new ChangeAction.Rollback(proposed.id(),
                    Map.of(TunableParameter.TIMEOUT, 0L)));
            assertThat(wf.approve(rollback.id(), APPROVER)).isInstanceOf(Click.Moved.class);
            assertThat(wf.apply(rollback.id()).state()).isEqualTo(ChangeState.APPLIED);
            assertThat(configGet(redis, "timeout")).isEqualTo("0");
            assertThat(store.recent(java.util.Optional.of("web"), 10)).extracting(Change::id)
                    .containsExactly(rollback.id(), proposed.id());
        }
    }

    @Test
    void aChangeWhoseValuesMovedSinceApprovalIsRefusedAsStale() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            ChangeWorkflow wf = workflow(target("web", redis));
            Change proposed = created(wf.propose("web", timeout(300), ChangeReason.because("test"), REQUESTER));
            wf.approve(proposed.id(), APPROVER);
            try (Jedis j = redis.admin()) {
                j.configSet("timeout", "100"); // someone else, meanwhile
            }
            Change done = wf.apply(proposed.id());
            assertThat(done.state()).isEqualTo(ChangeState.FAILED);
            assertThat(done.lastTransition().orElseThrow().note()).startsWith("stale: the values changed (")
                    .contains("had timeout=0, now timeout=100").contains("nothing was changed");
            assertThat(configGet(redis, "timeout")).isEqualTo("100");
        }
    }

    @Test
    void aRequestNotApprovedInTimeExpires() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            ChangeWorkflow wf = workflow(target("web", redis));
            Change proposed = created(wf.propose("web", timeout(300), ChangeReason.because("test"), REQUESTER));
            clock.set(proposed.expiresAt().plusSeconds(1));
            assertThat(wf.approve(proposed.id(), APPROVER)).isInstanceOfSatisfying(Click.Moved.class,
                    m -> assertThat(m.change().state()).isEqualTo(ChangeState.EXPIRED));
            assertThat(wf.apply(proposed.id()).state()).isEqualTo(ChangeState.EXPIRED);
            assertThat(configGet(redis, "timeout")).isEqualTo("0");
            assertThat(slack.calls("chat.update").getLast().blocks().toString()).contains("Expired");
        }
    }

    @Test
    void aNodeFailingMidChangeRollsBackTheOnesAlreadyChanged() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("timeout 0")) {
            try (RedisServerProcess replica = RedisServerProcess.start("user default on nopass ~* &* +@all -config|set",
                    "replicaof 127.0.0.1 " + master.port(), "timeout 0")) {
                master.awaitReplicaOnline();
                ChangeWorkflow wf = workflow(target("pair", master));
                Change proposed = created(wf.propose("pair", timeout(600), ChangeReason.because("test"), REQUESTER));
                assertThat(nodes(proposed).nodes()).hasSize(2);
                wf.approve(proposed.id(), APPROVER);
                Change done = wf.apply(proposed.id());
                assertThat(done.state()).isEqualTo(ChangeState.ROLLED_BACK);
                assertThat(done.result()).isInstanceOfSatisfying(ChangeOutcome.RolledBack.class, r -> {
                    assertThat(r.failure()).contains("NOPERM");
                    assertThat(r.failedAt()).isEqualTo(replica.address());
                });
                assertThat(configGet(master, "timeout")).isEqualTo("0");
            }
        }
    }

    @Test
    void aClusterNodeRefusingMidChangeRollsBackTheNodesAlreadyChanged() throws Exception {
        try (io.ghostwatch.core.testing.RedisCluster cluster = io.ghostwatch.core.testing.RedisCluster.start(3,
                "timeout 0")) {
            RedisServerProcess entry = cluster.nodes().getFirst();
            ChangeWorkflow wf = workflow(target("shop", entry));
            Change proposed = created(wf.propose("shop", timeout(900), ChangeReason.because("test"), REQUESTER));
            assertThat(nodes(proposed).nodes()).hasSize(3);
            wf.approve(proposed.id(), APPROVER);
            // after the approval, the last node starts refusing CONFIG SET (an operator tightened its ACL)
            RedisServerProcess last = cluster.nodes().stream().filter(n -> n.address().equals(
                    nodes(proposed).nodes().getLast().toString())).findFirst().orElseThrow();
            try (Jedis j = last.admin()) {
                j.aclSetUser("default", "-config|set");
            }
            Change done = wf.apply(proposed.id());
            assertThat(done.state()).isEqualTo(ChangeState.ROLLED_BACK);
            assertThat(done.result()).isInstanceOfSatisfying(ChangeOutcome.RolledBack.class, r -> {
                assertThat(r.failedAt()).isEqualTo(last.address());
                assertThat(r.failure()).contains("NOPERM");
                assertThat(r.restored()).hasSize(2);
            });
            for (RedisServerProcess node : cluster.nodes()) {
                assertThat(configGet(node, "timeout")).as(node.address()).isEqualTo("0");
            }
        }
    }

    @Test
    void killIdleClosesTheIdleConnectionsAndSaysFromWhere() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            List<RawClient> ghosts = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    ghosts.add(RawClient.connect(redis.port()));
                }
                Thread.sleep(2100);
                ChangeWorkflow wf = workflow(Policy.defaults().withAssignment("minKillIdleSeconds=1"), target("web", redis));
                Change proposed = created(wf.propose("web", new ChangeAction.KillIdle(2), ChangeReason.because("ghosts"),
                        REQUESTER));
                assertThat(slack.calls("chat.postMessage").getFirst().blocks().toString())
                        .contains("5 connection(s) are idle").contains("5 from 127.0.0.1");
                wf.approve(proposed.id(), APPROVER);
                Change done = wf.apply(proposed.id());
                assertThat(done.result()).isEqualTo(new ChangeOutcome.IdleKilled(Map.of("127.0.0.1", 5L)));
                for (RawClient ghost : ghosts) {
                    assertThat(ghost.closedByServer(Duration.ofSeconds(2))).isTrue();
                }
            } finally {
                for (RawClient ghost : ghosts) {
                    ghost.close();
                }
            }
        }
    }

    @Test
    void twentyRacingApprovalsAndAppliesGiveExactlyOneConfigSet() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            ChangeWorkflow wf = workflow(target("web", redis));
            Change proposed = created(wf.propose("web", timeout(300), ChangeReason.because("test"), REQUESTER));
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Callable<Change>> clicks = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    clicks.add(() -> {
                        go.await();
                        Click c = wf.approve(proposed.id(), APPROVER);
                        // every click's handler hands the apply to a worker, as the bot does
                        return c instanceof Click.Moved || c instanceof Click.AlreadyDecided ? wf.apply(proposed.id()) : null;
                    });
                }
                List<Future<Change>> results = new ArrayList<>();
                clicks.forEach(c -> results.add(pool.submit(c)));
                go.countDown();
                for (Future<Change> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.find(proposed.id()).orElseThrow().state()).isEqualTo(ChangeState.APPLIED);
            assertThat(configSetCalls(redis)).isEqualTo(1);
            assertThat(store.find(proposed.id()).orElseThrow().history()).extracting(Transition::to)
                    .containsExactly(ChangeState.APPROVED, ChangeState.APPLYING, ChangeState.APPLIED);
        }
    }

    @Test
    void unknownTargetsAndUnconfiguredApprovalsAreRefusedWithoutStoringAnything() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            ChangeWorkflow wf = workflow(target("web", redis));
            assertThat(wf.propose("db", timeout(300), ChangeReason.because("x"), REQUESTER)).isEqualTo(
                    new Proposal.Refused("unknown target 'db' (known: web)"));
            assertThat(wf.propose("web", timeout(5), ChangeReason.because("x"), REQUESTER)).isEqualTo(new Proposal.Refused(
                    "timeout=5 is outside the allowed range 300..604800 (policy minTimeoutSeconds..maxTimeoutSeconds)"));
            try (Jedis j = redis.admin()) {
                j.configSet("timeout", "300");
            }
            assertThat(wf.propose("web", timeout(300), ChangeReason.because("x"), REQUESTER)).isEqualTo(
                    new Proposal.Refused("web already has set timeout=300 on every node: nothing to change"));
            assertThat(store.recent(java.util.Optional.empty(), 10)).isEmpty();
        }
    }
}
