package io.ghostwatch.core.check;

import static io.ghostwatch.core.testing.ElastiCacheSnapshots.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.SecurityGroup;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.ElastiCacheSnapshots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElastiCacheAuthCheckTest {

    private static final SecurityGroup OPEN = new SecurityGroup("sg-0open", "orders-public", "vpc-0main",
            List.of(tcp(6379, 6379, "0.0.0.0/0")));

    private final ElastiCacheAuthCheck check = new ElastiCacheAuthCheck();

    private Finding evaluate(ElastiCacheSnapshot s) {
        List<Finding> findings = check.evaluate(new ElastiCacheContext(s, Policy.defaults()));
        assertThat(findings).hasSize(1);
        return findings.getFirst();
    }

    @Test
    void anAuthTokenPasses() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().build());

        assertThat(f.checkId()).isEqualTo("elasticache_auth_enabled");
        assertThat(f.node()).isEqualTo("orders");
        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) requires clients to authenticate"
                + " (AUTH token).");
        assertThat(f.evidence()).isEqualTo(Map.of("auth_token", "true", "user_groups", "none"));
    }

    @Test
    void anRbacUserGroupPasses() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().auth(false, "orders-users").build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) requires clients to authenticate"
                + " (RBAC user group orders-users).");
        assertThat(f.evidence()).isEqualTo(Map.of("auth_token", "false", "user_groups", "orders-users"));
    }

    @Test
    void neitherFailsHigh() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().auth(false).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) lets clients run commands without"
                + " authenticating (no AUTH token, no user group).");
        assertThat(f.evidence()).isEqualTo(Map.of("auth_token", "false", "user_groups", "none",
                "open_to_every_address", "false"));
        assertThat(f.fix().steps()).singleElement().isInstanceOf(FixStep.ManualStep.class);
        assertThat(f.fix().commands()).containsExactly("aws elasticache modify-replication-group --region us-east-1"
                + " --replication-group-id orders --user-group-ids-to-add <user group> --apply-immediately");
        assertThat(f.fix().steps().getFirst().explanation()).contains("--auth-token-update-strategy SET");
        assertThat(f.fix().automatable()).isFalse();
    }

    @Test
    void neitherAndOpenToEveryAddressIsCritical() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().auth(false).securityGroups(OPEN).build());

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) lets clients run commands without"
                + " authenticating (no AUTH token, no user group), and a security group admits every address to its"
                + " port.");
        assertThat(f.evidence()).containsEntry("open_to_every_address", "true");
    }

    @Test
    void anAuthTokenStillPassesWhenTheGroupIsOpen() {
        // the open rule is the network check's finding; this one is only about authentication
        assertThat(evaluate(ElastiCacheSnapshots.replicationGroup().securityGroups(OPEN).build()).status())
                .isEqualTo(CheckStatus.PASS);
    }

    @Test
    void unreadableSecurityGroupsDoNotRaiseTheSeverity() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().auth(false)
                .securityGroupsUnreadable("not allowed: ec2:DescribeSecurityGroups").build());

        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.evidence()).containsEntry("open_to_every_address", "false");
    }

    @Test
    void aServerlessCacheWithoutAUserGroupFailsHighWithModifyServerlessCache() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().serverless(null).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).startsWith("Serverless cache orders (prod/us-east-1) lets clients run commands without"
                + " authenticating");
        assertThat(f.fix().commands()).containsExactly("aws elasticache modify-serverless-cache --region us-east-1"
                + " --serverless-cache-name orders --user-group-id <user group>");
    }

    @Test
    void aServerlessCacheWithAUserGroupPasses() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().serverless("orders-users").build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).endsWith("(RBAC user group orders-users).");
    }

    @Test
    void aCacheClusterWithoutAuthIsToldToSetAToken() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().id("legacy").cacheCluster().auth(false).build());

        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.fix().commands()).containsExactly("aws elasticache modify-cache-cluster --region us-east-1"
                + " --cache-cluster-id legacy --auth-token <token> --auth-token-update-strategy SET --apply-immediately");
    }
}
