package io.ghostwatch.cli;

import static io.ghostwatch.cli.GhostwatchCliIT.ghostwatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.cli.GhostwatchCliIT.Run;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.IpPermission;
import io.ghostwatch.core.testing.aws.RegionFleet;
import io.ghostwatch.core.testing.aws.ReplicationGroupSpec;
import io.ghostwatch.core.testing.aws.SecurityGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghostwatch audit --elasticache} and {@code ghostwatch fix} on a cache, through the shaded jar as a user runs
 * it, reaching the AWS stand-in the standard way: {@code AWS_ENDPOINT_URL} and the access key in the environment.
 */
class ElastiCacheCliIT {

    @TempDir
    Path tmp;
    private AwsStandIn aws;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        env = new HashMap<>(aws.environment());
        RegionFleet fleet = aws.fleet();
        fleet.add(SecurityGroup.of("sg-0ccccccccccccccc1", "caches", "vpc-0000000000000000c",
                IpPermission.tcp(6379, "10.0.0.0/8")));
        fleet.add(ReplicationGroupSpec.named("orders").securityGroups("sg-0ccccccccccccccc1").transitEncryption(true)
                .authToken(true));
        fleet.addParameterGroup("sessions-params", "redis7", "sessions");
        fleet.setParameter("sessions-params", "timeout", "86400");
        fleet.add(ReplicationGroupSpec.named("sessions").parameterGroup("sessions-params")
                .securityGroups("sg-0ccccccccccccccc1").transitEncryption(true).authToken(true));
        aws.allowAssumeRole("arn:aws:iam::222222222222:role/ghostwatch-audit", "ext-123");
        aws.fleet("222222222222", "us-east-1").add(ReplicationGroupSpec.named("payments").transitEncryption(true)
                .userGroups("payments-users"));
    }

    @AfterEach
    void stop() {
        aws.close();
        assertThat(aws.failures()).as("the stand-in answered every request it was sent").isEmpty();
    }

    @Test
    void auditElastiCacheInTheRegionGivenWithTheCredentialsInForce() throws Exception {
        Run text = ghostwatch(env, "audit", "--elasticache", "--region", "us-east-1");

        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("■ default/us-east-1  elasticache:us-east-1 (account default)")
                .contains("■ default/us-east-1/orders  arn:aws:elasticache:us-east-1:")
                .contains("replication group · redis 7.1.0 · 2 nodes · parameter group default.redis7 (default)"
                        + " · TLS required · AUTH token · available")
                .contains("FAIL HIGH  elasticache_idle_timeout_enabled  orders")
                .contains("aws elasticache create-cache-parameter-group --region us-east-1"
                        + " --cache-parameter-group-name ghostwatch-orders-redis7");
        assertThat(ghostwatch(env, "audit", "--elasticache", "--region", "us-east-1", "--fail-on", "HIGH").exit())
                .isEqualTo(1);

        Run json = ghostwatch(env, "audit", "--elasticache", "--format", "json");
        assertThat(json.exit()).as("AWS_REGION from the environment; " + json.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());
        JsonNode sessions = report.get("targets").get(2);
        assertThat(sessions.get("name").asText()).isEqualTo("default/us-east-1/sessions");
        assertThat(sessions.get("elasticache").get("parameterGroup").get("values").get("timeout").get("value").asText())
                .isEqualTo("86400");
        assertThat(sessions.get("tags").get("service").asText()).isEqualTo("elasticache");
    }

    @Test
    void theConfigsAccountsAreAuditedThroughTheirRoles() throws Exception {
        Path config = Files.writeString(tmp.resolve("ghostwatch.yaml"), """
                elasticache:
                  regions: [us-east-1]
                  accounts:
                    - name: home
                    - name: prod
                      roleArn: arn:aws:iam::222222222222:role/ghostwatch-audit
                      externalId: ext-123
                """);

        Run run = ghostwatch(env, "audit", "--config", config.toString(), "--format", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode targets = new ObjectMapper().readTree(run.out()).get("targets");
        assertThat(targets.findValuesAsText("name")).contains("home/us-east-1/orders", "prod/us-east-1/payments");

        Run one = ghostwatch(env, "audit", "--config", config.toString(), "--target", "prod/us-east-1/payments");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("prod/us-east-1/payments").doesNotContain("home/us-east-1/orders")
                .contains("1 target");
    }

    @Test
    void fixShowsThePlanAndAppliesItOnlyWithYes() throws Exception {
        Run plan = ghostwatch(env, "fix", "--elasticache", "--region", "us-east-1", "--target",
                "default/us-east-1/orders", "--set", "timeout=86400");

        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("orders runs with the default group default.redis7, which cannot be modified:")
                .contains("1. create parameter group ghostwatch-orders-redis7 in family redis7")
                .contains("Nothing changed: re-run with --yes to apply this plan.");
        assertThat(aws.fleet().parameterGroup("ghostwatch-orders-redis7")).isEmpty();

        Run applied = ghostwatch(env, "fix", "--elasticache", "--region", "us-east-1", "--target",
                "default/us-east-1/orders", "--set", "timeout=86400", "--yes");

        assertThat(applied.exit()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("Applied and verified in parameter group ghostwatch-orders-redis7:"
                + " timeout 0 -> 86400");
        assertThat(aws.fleet().cacheCluster("orders-002").orElseThrow().parameterGroup().name())
                .isEqualTo("ghostwatch-orders-redis7");
        assertThat(aws.parameterValue(AwsStandIn.DEFAULT_ACCOUNT, "us-east-1", "ghostwatch-orders-redis7", "timeout"))
                .isEqualTo("86400");
    }

    @Test
    void badElastiCacheUsageIsExitTwoWithTheReason() throws Exception {
        env.remove("AWS_REGION");
        Run noRegion = ghostwatch(env, "audit", "--elasticache");
        assertThat(noRegion.exit()).isEqualTo(2);
        assertThat(noRegion.err()).contains("--elasticache needs a region: give --region us-east-1");

        Run regionAlone = ghostwatch(env, "audit", "--region", "us-east-1");
        assertThat(regionAlone.exit()).isEqualTo(2);
        assertThat(regionAlone.err()).contains("--region is for ElastiCache: add --elasticache");

        Run badRegion = ghostwatch(env, "audit", "--elasticache", "--region", "useast1");
        assertThat(badRegion.exit()).isEqualTo(2);
        assertThat(badRegion.err()).contains("--region 'useast1' is not an AWS region code");

        Run cacheWithoutElastiCache = ghostwatch(env, "fix", "--target", "default/us-east-1/orders", "--set",
                "timeout=86400");
        assertThat(cacheWithoutElastiCache.exit()).isEqualTo(2);
        assertThat(cacheWithoutElastiCache.err()).contains("names an ElastiCache cache: add --elasticache");

        Run serverless = ghostwatch(env, "fix", "--elasticache", "--region", "us-east-1", "--target",
                "default/us-east-1/nosuch", "--set", "timeout=86400");
        assertThat(serverless.exit()).isEqualTo(2);
        assertThat(serverless.err()).contains("refused, nothing changed: no Redis OSS / Valkey cache named nosuch in"
                + " default/us-east-1");
    }
}
