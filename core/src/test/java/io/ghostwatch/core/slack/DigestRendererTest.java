package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.fail;
import static io.ghostwatch.core.slack.SlackReports.leakyLab;
import static io.ghostwatch.core.slack.SlackReports.openAfter;
import static io.ghostwatch.core.slack.SlackReports.report;
import static io.ghostwatch.core.slack.SlackReports.withFindings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.model.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class DigestRendererTest {

    private static final String NODE = "10.0.0.5:6379";
    private final DigestRenderer renderer = new DigestRenderer();

    private static List<String> keysOf(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(e -> e.path("key").asText()).toList();
    }

    /** Every message of a digest: the digest first, then the thread's. */
    private static List<SlackMessage> messages(SlackDigest d) {
        List<SlackMessage> all = new ArrayList<>();
        all.add(d.digest());
        all.addAll(d.threadMessages());
        return all;
    }

    @Test
    void firstRunListsEveryFailureAsNewWithFixAndButton() {
        AuditReport r = report(leakyLab("lab-1"));
        List<FindingKey> failing = SlackReports.failingKeys(r);
        assertThat(failing).hasSizeGreaterThanOrEqualTo(3);

        SlackDigest d = renderer.render(DigestInput.firstRun(r));

        assertThat(d.quiet()).isFalse();
        JsonNode blocks = Wire.blocks(d.digest());
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("text").asText())
                .isEqualTo("Ghostwatch audit: " + failing.size() + " new, 0 resolved, 0 still open");
        assertThat(Wire.sectionTexts(blocks)).anySatisfy(t -> assertThat(t).startsWith("*1 of 1 target audited*"
                + " \u00b7 run started 2026-11-21 10:00 UTC \u00b7 took 1.2 s"));
        assertThat(Wire.sectionTexts(blocks)).contains("*What changed:* " + failing.size() + " new \u00b7 0 still open"
                + " \u00b7 0 resolved");
        String timeout = Wire.sectionTexts(blocks).stream().filter(t -> t.contains("`redis_idle_timeout_enabled`"))
                .findFirst().orElseThrow();
        assertThat(timeout).startsWith("*HIGH* \u00b7 new \u00b7 `lab-1` \u00b7 `10.0.0.5:6379` \u00b7 `redis_idle_timeout_enabled`\n"
                + "lab-1 (10.0.0.5:6379) never closes idle clients (timeout 0).\n_Evidence:_ timeout `0`");
        assertThat(timeout).contains("\u2022 `CONFIG SET timeout ").contains("\u2022 `CONFIG REWRITE`");
        // every automatable finding has its button, value = key; the manual-only ones have none
        List<String> buttons = Wire.buttonValues(blocks);
        assertThat(buttons).contains("lab-1/" + NODE + "/redis_idle_timeout_enabled", "lab-1/" + NODE + "/redis_tcp_keepalive_enabled");
        assertThat(buttons).doesNotContain("lab-1/" + NODE + "/redis_bind_restricted");
        for (JsonNode b : blocks) {
            if (b.has("accessory")) {
                assertThat(b.path("accessory").path("action_id").asText()).isEqualTo("ghostwatch_propose_fix");
                assertThat(b.path("accessory").path("text").path("text").asText()).isEqualTo("Propose fix");
            }
        }
        // the thread holds the target's details, each fix step explained, and the ghost evidence
        assertThat(d.threadMessages()).hasSize(1);
        List<String> thread = Wire.sectionTexts(Wire.blocks(d.threadMessages().getFirst()));
        assertThat(thread.getFirst()).startsWith("*Target* `lab-1` \u00b7 `rediss://auditor@10.0.0.5:6379` \u00b7 standalone"
                + " \u00b7 audited \u00b7 1 node");
        assertThat(thread).anySatisfy(t -> assertThat(t).contains("\u2022 `CONFIG SET timeout ").contains(" \u2014 Close clients idle"));
        assertThat(thread).anySatisfy(t -> assertThat(t).startsWith("*Probable ghost connections:*\n\u2022 `10.0.0.5:6379`: ")
                .contains(" idle for more than 2 s from `127.0.0.1`"));
        assertThat(Wire.buttonValues(Wire.blocks(d.threadMessages().getFirst()))).containsExactlyInAnyOrderElementsOf(
                buttons);
    }

    @Test
    void anElastiCacheCacheIsListedWithItsParameterGroupFixAndDescribedInItsThread() {
        io.ghostwatch.core.elasticache.ElastiCacheSnapshot snapshot =
                io.ghostwatch.core.testing.ElastiCacheSnapshots.replicationGroup().build();
        List<io.ghostwatch.core.model.Finding> findings = io.ghostwatch.core.check.ElastiCacheChecks.evaluate(
                new io.ghostwatch.core.check.ElastiCacheContext(snapshot, SlackReports.POLICY));
        AuditReport r = report(new io.ghostwatch.core.audit.TargetReport(snapshot.resource(),
                snapshot.resource().kind(), io.ghostwatch.core.audit.AuditStatus.AUDITED, null, List.of(), findings, 40,
                List.of(), snapshot));

        SlackDigest d = renderer.render(DigestInput.firstRun(r));

        JsonNode blocks = Wire.blocks(d.digest());
        String timeout = Wire.sectionTexts(blocks).stream()
                .filter(t -> t.contains("`elasticache_idle_timeout_enabled`")).findFirst().orElseThrow();
        assertThat(timeout).startsWith("*HIGH* \u00b7 new \u00b7 `prod/us-east-1/orders` \u00b7 `orders` \u00b7"
                + " `elasticache_idle_timeout_enabled`\nReplication group orders (prod/us-east-1) never closes idle"
                + " clients: parameter group default.redis7 (default) has timeout 0.")
                .contains("`aws elasticache create-cache-parameter-group --region us-east-1");
        assertThat(Wire.buttonValues(blocks)).contains("prod/us-east-1/orders/orders/elasticache_idle_timeout_enabled");
        assertThat(Wire.sectionTexts(Wire.blocks(d.threadMessages().getFirst())).getFirst()).startsWith(
                "*Target* `prod/us-east-1/orders` \u00b7 `arn:aws:elasticache:us-east-1:111122223333:replicationgroup:"
                        + "orders` \u00b7 standalone \u00b7 audited \u00b7 replication group \u00b7 redis 7.1.0 \u00b7"
                        + " 2 nodes \u00b7 parameter group default.redis7 (default) \u00b7 TLS required");
    }

    @Test
    void digestMetadataCarriesKeysAndCountsAsSlackReceivesThem() {
        FindingKey fresh = new FindingKey("lab-1", NODE, "redis_new");
        FindingKey open = new FindingKey("lab-1", NODE, "redis_open");
        FindingKey gone = new FindingKey("lab-1", NODE, "redis_gone");
        AuditReport r = report(withFindings("lab-1", List.of(fail("redis_new", NODE, Severity.CRITICAL, "new."),
                fail("redis_open", NODE, Severity.LOW, "open."), SlackReports.pass("redis_gone", NODE))));

        SlackDigest d = renderer.render(SlackReports.next(List.of(new StoredFinding(open, Severity.LOW, "open."),
                new StoredFinding(gone, Severity.HIGH, "was gone.")), r));

        Map<String, String> form = Wire.form(d.digest());
        assertThat(form).containsEntry("parse", "none").containsEntry("link_names", "0").containsEntry("unfurl_links", "0");
        JsonNode m = Wire.metadata(d.digest());
        assertThat(m.path("event_type").asText()).isEqualTo("ghostwatch_audit_digest");
        JsonNode p = m.path("event_payload");
        assertThat(keysOf(p.path("new"))).containsExactly(fresh.value());
        assertThat(p.path("new").get(0).path("severity").asText()).isEqualTo("critical");
        assertThat(keysOf(p.path("open"))).containsExactly(open.value());
        assertThat(keysOf(p.path("resolved"))).containsExactly(gone.value());
        assertThat(p.path("counts_by_severity").toString()).isEqualTo("{\"critical\":1,\"high\":0,\"medium\":0,\"low\":1}");
        assertThat(p.path("new_count").asInt()).isEqualTo(1);
        assertThat(p.path("open_count").asInt()).isEqualTo(1);
        assertThat(p.path("resolved_count").asInt()).isEqualTo(1);
        assertThat(p.path("run_started_at").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(p.path("keys_truncated").asBoolean()).isFalse();
        // every list entry is a flat object of strings, the shape Slack documents for arrays in a payload
        for (String list : List.of("new", "open", "resolved")) {
            p.path(list).forEach(e -> e.properties().forEach(f -> assertThat(f.getValue().isValueNode()).isTrue()));
        }
    }

    @Test
    void unchangedRunIsOneQuietLineWithNoThread() {
        AuditReport r = report(leakyLab("lab-1"));
        int open = SlackReports.failingKeys(r).size();

        SlackDigest d = renderer.render(SlackReports.next(openAfter(r), r));

        assertThat(d.quiet()).isTrue();
        assertThat(d.thread()).isEmpty();
        JsonNode blocks = Wire.blocks(d.digest());
        assertThat(blocks).hasSize(1);
        String line = blocks.get(0).path("text").path("text").asText();
        assertThat(line).startsWith("*All quiet:* nothing new or resolved across 1 target; " + open + " findings still open (")
                .doesNotContain("\n");
        assertThat(d.digest().text()).isEqualTo(line);
        assertThat(Wire.metadata(d.digest()).path("event_payload").path("open_count").asInt()).isEqualTo(open);
        assertThat(Wire.metadata(d.digest()).path("event_payload").path("new").isEmpty()).isTrue();
    }

    @Test
    void resolvedFindingIsReportedWithItsLastDetail() {
        AuditReport before = report(leakyLab("lab-1"));
        AuditReport after = report(SlackReports.fixedLab("lab-1"));

        SlackDigest d = renderer.render(SlackReports.next(openAfter(before), after));

        assertThat(d.quiet()).isFalse();
        List<String> texts = Wire.sectionTexts(Wire.blocks(d.digest()));
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("*Resolved since the last run (")
                .contains("\u2022 `lab-1/10.0.0.5:6379/redis_idle_timeout_enabled` (high), last: lab-1 (10.0.0.5:6379)"
                        + " never closes idle clients (timeout 0)."));
        assertThat(keysOf(Wire.metadata(d.digest()).path("event_payload").path("resolved")))
                .contains("lab-1/10.0.0.5:6379/redis_idle_timeout_enabled");
        assertThat(d.threadMessages()).anySatisfy(m -> assertThat(m.text()).isEqualTo("Ghostwatch: resolved since the last run"));
    }

    @Test
    void newFindingComesFirstAmongStillOpenOnes() {
        AuditReport before = report(withFindings("lab-1", List.of(fail("redis_a", NODE, Severity.CRITICAL, "a."))));
        AuditReport after = report(withFindings("lab-1", List.of(fail("redis_a", NODE, Severity.CRITICAL, "a."),
                fail("redis_b", NODE, Severity.LOW, "b."))));

        SlackDigest d = renderer.render(SlackReports.next(openAfter(before), after));

        List<String> findingTexts = Wire.sectionTexts(Wire.blocks(d.digest())).stream()
                .filter(t -> t.startsWith("*CRITICAL*") || t.startsWith("*LOW*")).toList();
        assertThat(findingTexts).hasSize(2);
        assertThat(findingTexts.get(0)).startsWith("*LOW* \u00b7 new \u00b7 ");
        assertThat(findingTexts.get(1)).startsWith("*CRITICAL* \u00b7 still open \u00b7 ");
        assertThat(keysOf(Wire.metadata(d.digest()).path("event_payload").path("new"))).containsExactly("lab-1/" + NODE + "/redis_b");
    }

    @Test
    void sixtyFindingsTruncateTheDigestAndEveryOneIsInTheThread() {
        AuditReport r = SlackReports.manyFindings(60);

        SlackDigest d = renderer.render(DigestInput.firstRun(r));

        JsonNode digest = Wire.blocks(d.digest());
        assertThat(digest.size()).isLessThanOrEqualTo(50);
        assertThat(Wire.buttonValues(digest)).hasSize(DigestRenderer.DEFAULT_FINDINGS_IN_DIGEST);
        assertThat(Wire.sectionTexts(digest)).contains("\u2026and 50 more failing findings (50 new, 0 still open): every"
                + " finding is in the thread, per target.");
        // worst first among the new: the criticals lead
        assertThat(Wire.sectionTexts(digest).stream().filter(t -> t.startsWith("*")).filter(t -> t.contains(" \u00b7 new \u00b7 "))
                .findFirst().orElseThrow()).startsWith("*CRITICAL*");
        Set<String> inThread = new HashSet<>();
        for (SlackMessage m : d.threadMessages()) {
            JsonNode blocks = Wire.blocks(m);
            assertThat(blocks.size()).isLessThanOrEqualTo(50);
            inThread.addAll(Wire.buttonValues(blocks));
        }
        assertThat(inThread).containsExactlyInAnyOrderElementsOf(
                SlackReports.failingKeys(r).stream().map(FindingKey::value).toList());
        assertThat(Wire.metadata(d.digest()).path("event_payload").path("new_count").asInt()).isEqualTo(60);
    }

    @Test
    void oneTargetWithSixtyFindingsIsSplitIntoNumberedThreadMessages() {
        List<io.ghostwatch.core.model.Finding> findings = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            findings.add(fail(String.format("redis_c%02d", i), NODE, Severity.MEDIUM, "number " + i + "."));
        }
        SlackDigest d = renderer.render(DigestInput.firstRun(report(withFindings("big", findings))));

        assertThat(d.threadMessages()).hasSize(2);
        assertThat(d.threadMessages()).extracting(SlackMessage::text)
                .containsExactly("Ghostwatch details for big (1/2)", "Ghostwatch details for big (2/2)");
        assertThat(d.threadMessages().stream().mapToInt(m -> Wire.buttonValues(Wire.blocks(m)).size()).sum()).isEqualTo(60);
    }

    @Test
    void digestNeverExceedsFiftyBlocksEvenAtTheLargestListing() {
        AuditReport before = report(withFindings("gone", List.of(fail("redis_x", NODE, Severity.LOW, "x."))),
                withFindings("other", List.of(fail("redis_y", NODE, Severity.LOW, "y."))));
        AuditReport r0 = SlackReports.manyFindings(60);
        List<io.ghostwatch.core.audit.TargetReport> targets = new ArrayList<>(r0.targets());
        targets.add(withFindings("gone", List.of(SlackReports.pass("redis_x", NODE))));
        targets.add(SlackReports.unreachable("other"));
        AuditReport r = new AuditReport(r0.startedAt(), 1, targets);

        SlackDigest d = new DigestRenderer(DigestRenderer.MAX_FINDINGS_IN_DIGEST).render(SlackReports.next(openAfter(before), r));

        JsonNode blocks = Wire.blocks(d.digest());
        assertThat(blocks.size()).isEqualTo(50);
        assertThat(Wire.sectionTexts(blocks)).anySatisfy(t -> assertThat(t).startsWith("*Resolved since the last run (1):*"));
        assertThat(Wire.sectionTexts(blocks)).anySatisfy(t -> assertThat(t).startsWith("*Not re-checked (1):*")
                .contains("`other/10.0.0.5:6379/redis_y`"));
        assertThatThrownBy(() -> new DigestRenderer(DigestRenderer.MAX_FINDINGS_IN_DIGEST + 1))
                .hasMessageContaining("at most 50 blocks");
    }

    @Test
    void sectionsStayWithinThreeThousandCharacters() {
        String huge = "& <b> ".repeat(2_000);
        AuditReport r = report(withFindings("lab-1", List.of(fail("redis_huge", NODE, Severity.HIGH, huge,
                Map.of("clients", huge)))));
        List<StoredFinding> resolved = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            resolved.add(new StoredFinding(new FindingKey("lab-1", NODE, "redis_old_" + i), Severity.LOW, "old " + i + "."));
        }
        List<io.ghostwatch.core.model.Finding> findings = new ArrayList<>(r.targets().getFirst().findings());
        resolved.forEach(s -> findings.add(SlackReports.pass(s.key().checkId(), NODE)));
        AuditReport withPasses = report(withFindings("lab-1", findings));

        SlackDigest d = renderer.render(SlackReports.next(resolved, withPasses));

        for (SlackMessage m : messages(d)) {
            for (JsonNode text : Wire.textObjects(Wire.blocks(m))) {
                assertThat(text.path("text").asText()).hasSizeLessThanOrEqualTo(3000);
            }
        }
        String finding = Wire.sectionTexts(Wire.blocks(d.digest())).stream().filter(t -> t.startsWith("*HIGH*"))
                .findFirst().orElseThrow();
        assertThat(finding.length()).isBetween(2990, 3000);
        assertThat(finding).endsWith("\u2026");
        assertThat(finding.substring(finding.length() - 8)).doesNotContain("&am\u2026").doesNotContain("&l\u2026");
        // the digest says how many resolved did not fit; the thread lists all 200
        assertThat(Wire.sectionTexts(Wire.blocks(d.digest()))).anySatisfy(t -> assertThat(t)
                .startsWith("*Resolved since the last run (200):*").containsPattern("\u2026and \\d+ more, listed in the thread\\.$"));
        long listed = d.threadMessages().stream().filter(m -> m.text().startsWith("Ghostwatch: resolved"))
                .flatMap(m -> Wire.sectionTexts(Wire.blocks(m)).stream())
                .mapToLong(t -> t.lines().filter(l -> l.startsWith("\u2022 ")).count()).sum();
        assertThat(listed).isEqualTo(200);
    }

    @Test
    void hostileNamesNeverMentionLinkOrFormat() {
        String hostileTarget = "<!channel> & <@U123>";
        AuditReport r = report(SlackReports.audited(SlackReports.target(hostileTarget), io.ghostwatch.core.testing.Snapshots
                .standalone().timeout(0).tcpKeepalive(0).bind("* -::*").protectedMode(false).maxclients(10_000)
                .clients("client-list-7.0-master-mixed.txt", 63, 2).build()),
                withFindings("*bold*", List.of(fail("redis_x", NODE, Severity.LOW, "<!here> said `hi` <https://evil.example|click>",
                        Map.of("name", "<!subteam^S123>")))),
                SlackReports.unreachable("<#C999>"));

        SlackDigest d = renderer.render(DigestInput.firstRun(r));

        for (SlackMessage m : messages(d)) {
            Map<String, String> form = Wire.form(m);
            for (JsonNode text : Wire.textObjects(Wire.blocks(m))) {
                String t = text.path("text").asText();
                assertThat(t).as("no raw < or > in %s", t).doesNotContain("<").doesNotContain(">");
                if (text.path("type").asText().equals("mrkdwn")) {
                    assertThat(text.path("verbatim").asBoolean()).as("verbatim").isTrue();
                }
            }
            assertThat(form.get("text")).doesNotContain("<").doesNotContain(">");
        }
        String all = messages(d).stream().flatMap(m -> Wire.textObjects(Wire.blocks(m)).stream())
                .map(t -> t.path("text").asText()).reduce("", String::concat);
        assertThat(all).contains("&lt;!channel&gt; &amp; &lt;@U123&gt;", "&lt;!here&gt;", "&lt;https://evil.example|click&gt;",
                "&lt;!subteam^S123&gt;", "&lt;#C999&gt;", "\u02cbhi\u02cb", "`*bold*`");
        // the client named <!channel> in the ghost census is shown, inert
        assertThat(d.threadMessages().stream().flatMap(m -> Wire.sectionTexts(Wire.blocks(m)).stream())
                .filter(t -> t.startsWith("*Probable ghost connections:*")).findFirst().orElseThrow())
                .contains("(`$(reboot)`, `&lt;!channel&gt;`, `orders-pool`)");
        // the button value is the raw key (it is data, never rendered)
        assertThat(Wire.buttonValues(Wire.blocks(d.digest()))).contains(hostileTarget + "/" + NODE + "/redis_idle_timeout_enabled");
    }

    @Test
    void noSecretReachesAnyMessage() {
        AuditReport r = report(leakyLab("lab-1"));
        SlackDigest d = renderer.render(DigestInput.firstRun(r));
        for (SlackMessage m : messages(d)) {
            assertThat(Wire.form(m).toString()).doesNotContain(SlackReports.SECRET).doesNotContain("LAB_REDIS_PASSWORD");
        }
    }

    @Test
    void mutedFindingsAreCountedNotListed() {
        FindingKey muted = new FindingKey("lab-1", NODE, "redis_muted");
        AuditReport r = report(withFindings("lab-1", List.of(fail("redis_muted", NODE, Severity.HIGH, "muted."),
                fail("redis_loud", NODE, Severity.LOW, "loud."))));

        SlackDigest d = renderer.render(new DigestInput(r, FindingChanges.firstRun(r), Set.of(muted), Map.of()));

        String all = messages(d).stream().map(m -> Wire.form(m).get("blocks")).reduce("", String::concat);
        assertThat(all).doesNotContain("redis_muted").contains("redis_loud");
        assertThat(Wire.blocks(d.digest()).toString()).contains("*Muted*\\n1", "*High*\\n0", "*Low*\\n1");
        JsonNode p = Wire.metadata(d.digest()).path("event_payload");
        assertThat(p.path("muted_count").asInt()).isEqualTo(1);
        assertThat(keysOf(p.path("new"))).containsExactly("lab-1/" + NODE + "/redis_loud");

        // a run whose only new finding is muted is quiet
        AuditReport next = report(withFindings("lab-1", List.of(fail("redis_muted", NODE, Severity.HIGH, "muted."))));
        SlackDigest quiet = renderer.render(new DigestInput(next, FindingChanges.firstRun(next), Set.of(muted), Map.of()));
        assertThat(quiet.quiet()).isTrue();
        assertThat(quiet.digest().text()).isEqualTo("*All quiet:* nothing new or resolved across 1 target; nothing open; 1 muted.");
    }

    @Test
    void quietLineNamesTargetsThatCouldNotBeAudited() {
        AuditReport before = report(withFindings("lab-1", List.of(fail("redis_a", NODE, Severity.HIGH, "a."))),
                withFindings("lab-2", List.of(fail("redis_b", NODE, Severity.LOW, "b."))));
        AuditReport after = report(withFindings("lab-1", List.of(fail("redis_a", NODE, Severity.HIGH, "a."))),
                SlackReports.unreachable("lab-2"));

        SlackDigest d = renderer.render(SlackReports.next(openAfter(before), after));

        assertThat(d.quiet()).isTrue();
        assertThat(d.digest().text()).isEqualTo("*All quiet:* nothing new or resolved across 2 targets; 1 finding still open"
                + " (1 high); not audited: `lab-2`; 1 not re-checked.");
    }

    @Test
    void chartGoesIntoTheThreadRightAfterItsTarget() {
        AuditReport r = report(leakyLab("lab-1"), SlackReports.fixedLab("lab-2"));
        ChartImage chart = new ChartImage(Charts.PNG, "lab-1 connections, 7 days", "Connections on lab-1 rising 74 a day");

        SlackDigest d = renderer.render(new DigestInput(r, FindingChanges.firstRun(r), Set.of(), Map.of("lab-1", chart)));

        assertThat(d.thread()).hasSize(3);
        assertThat(d.thread().get(0)).isInstanceOf(SlackMessage.class);
        assertThat(d.thread().get(1)).isEqualTo(new ChartUpload("lab-1", "ghostwatch-lab-1-trend.png", chart));
        assertThat(((SlackMessage) d.thread().get(2)).text()).isEqualTo("Ghostwatch: targets with nothing to fix");
        assertThat(DigestRenderer.filename("../etc/<x> y")).isEqualTo("ghostwatch-.._etc__x__y-trend.png");
        assertThatThrownBy(() -> new DigestInput(r, FindingChanges.firstRun(r), Set.of(), Map.of("nope", chart)))
                .hasMessageContaining("'nope', which is not in the report");
    }
}
