package io.ghostwatch.core.config;

import static io.ghostwatch.core.config.ConfigTexts.error;
import static io.ghostwatch.core.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.elasticache.CacheLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code elasticache:} section: accounts, regions, roles and direct connections, and errors naming line and key. */
class ElastiCacheConfigTest {

    @Test
    void withoutAccountsTheCredentialsInForceSearchTheRegions() {
        ElastiCacheConfig ec = parse("""
                elasticache:
                  regions: [us-east-1, eu-west-1]
                """).elasticache();
        assertThat(ec.accounts()).containsExactly(new ElastiCacheConfig.Account(CacheLocation.DEFAULT_ACCOUNT, null,
                null, List.of("us-east-1", "eu-west-1")));
        assertThat(ec.connect()).isEmpty();
    }

    @Test
    void accountsWithRolesExternalIdsAndTheirOwnRegions() {
        ElastiCacheConfig ec = parse("""
                elasticache:
                  regions: [us-east-1]
                  accounts:
                    - name: prod
                      roleArn: arn:aws:iam::222222222222:role/ghostwatch-audit
                      externalId: ghostwatch-7f3a
                      regions: [eu-central-1, ap-southeast-4]
                    - name: shared
                  connect:
                    - match: prod/eu-central-1/orders*
                      user: ghostwatch
                      password: env:ORDERS_AUTH_TOKEN
                """).elasticache();
        assertThat(ec.accounts()).containsExactly(
                new ElastiCacheConfig.Account("prod", "arn:aws:iam::222222222222:role/ghostwatch-audit",
                        "ghostwatch-7f3a", List.of("eu-central-1", "ap-southeast-4")),
                new ElastiCacheConfig.Account("shared", null, null, List.of("us-east-1")));
        assertThat(ec.account("prod").orElseThrow().accountId()).contains("222222222222");
        ElastiCacheConfig.DirectConnection c = ec.connectionFor("prod/eu-central-1/orders-v2").orElseThrow();
        assertThat(c.user()).isEqualTo("ghostwatch");
        assertThat(c.password()).isEqualTo(new SecretRef.Env("ORDERS_AUTH_TOKEN"));
        assertThat(ec.connectionFor("prod/eu-central-1/carts")).isEmpty();
        assertThat(ec.connectionFor("prod/us-east-1/orders")).as("'*' stays within one part").isEmpty();
        assertThat(ec.restrictedTo(List.of("us-west-2")).accounts()).allSatisfy(a ->
                assertThat(a.regions()).containsExactly("us-west-2"));
    }

    @Test
    void badValuesNameTheLineTheKeyAndTheValidForm() {
        assertThat(error("""
                elasticache:
                  accounts:
                    - name: prod
                """)).isEqualTo("ghostwatch.yaml:3: elasticache.accounts[0].regions: is required here, or give"
                + " elasticache.regions for every account (e.g. [us-east-1])");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1]
                  acounts: []
                """)).isEqualTo("ghostwatch.yaml:3: elasticache.acounts: unknown key; valid keys: regions, accounts,"
                + " connect");
        assertThat(error("""
                elasticache: {}
                """)).isEqualTo("ghostwatch.yaml:1: elasticache.regions: is required: the regions to search for caches,"
                + " e.g. [us-east-1, eu-west-1]");
        assertThat(error("""
                elasticache:
                  regions: [us-east1]
                """)).isEqualTo("ghostwatch.yaml:2: elasticache.regions[0]: 'us-east1' is not an AWS region code (valid"
                + " form: us-east-1, eu-central-2, ap-southeast-4)");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1, us-east-1]
                """)).contains("elasticache.regions[1]: 'us-east-1' is listed twice");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1]
                  accounts:
                    - name: prod
                      roleArn: arn:aws:iam::2222:role/x
                """)).isEqualTo("ghostwatch.yaml:5: elasticache.accounts[0].roleArn: 'arn:aws:iam::2222:role/x' is not"
                + " an IAM role ARN (valid form: arn:aws:iam::123456789012:role/ghostwatch-audit)");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1]
                  accounts:
                    - name: prod
                      externalId: abc123
                """)).isEqualTo("ghostwatch.yaml:5: elasticache.accounts[0].externalId: is only used when assuming a"
                + " role: give roleArn too");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1]
                  accounts:
                    - name: prod/eu
                """)).contains("elasticache.accounts[0].name: 'prod/eu' is not a valid account label");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1]
                  accounts:
                    - name: prod
                    - name: prod
                """)).contains("elasticache.accounts[1].name: 'prod' is used by an earlier account");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1]
                  connect:
                    - match: orders
                """)).isEqualTo("ghostwatch.yaml:4: elasticache.connect[0].match: 'orders' does not have the form of a"
                + " cache name (<account>/<region>/<cache id>, e.g. prod/us-east-1/orders; '*' matches within a part)");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1]
                  connect:
                    - match: default/us-east-1/orders
                      password: s3cret-token
                """)).contains("elasticache.connect[0].password: a password must be a reference")
                .doesNotContain("s3cret-token");
    }

    @Test
    void mutesMayNameElastiCacheChecksCachesAndTheirTags() {
        GhostwatchConfig config = parse("""
                elasticache:
                  regions: [us-east-1]
                mutes:
                  - check: elasticache_transit_encryption_enabled
                    tag: account=default
                    reason: staging traffic never leaves the VPC (NET-12)
                    expires: 2027-06-30
                  - check: elasticache_idle_timeout_enabled
                    target: default/us-east-1/orders
                    reason: migrating to the new cluster this week
                    expires: 2027-01-15
                """);
        assertThat(config.mutes()).hasSize(2);
        assertThat(error("""
                mutes:
                  - check: elasticache_timeout
                    target: x
                    reason: r
                    expires: 2027-01-01
                """)).contains("'elasticache_timeout' is not a check ID").contains("elasticache_idle_timeout_enabled")
                .contains("elasticache_inventory_readable");
    }
}
