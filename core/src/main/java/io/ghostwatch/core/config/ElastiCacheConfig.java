package io.ghostwatch.core.config;

import io.ghostwatch.core.elasticache.CacheLocation;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code elasticache:} section: which accounts and regions to search for Redis OSS / Valkey caches, and which
 * caches Ghostwatch may also open a Redis connection to (for the client census).
 *
 * @param accounts each account to audit; at least one (without an {@code accounts:} list, one account named
 *                 {@value io.ghostwatch.core.elasticache.CacheLocation#DEFAULT_ACCOUNT} with the credentials
 *                 Ghostwatch runs with)
 * @param connect  direct connections, first match wins
 */
public record ElastiCacheConfig(List<Account> accounts, List<DirectConnection> connect) {

    /** An IAM role ARN: {@code arn:aws:iam::123456789012:role/ghostwatch-audit} (also aws-cn, aws-us-gov). */
    public static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    /** STS's rule for an external ID. */
    public static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9+=,.@:/_-]{2,1224}");

    public ElastiCacheConfig {
        accounts = List.copyOf(accounts);
        connect = List.copyOf(connect);
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("the elasticache section names no account to audit");
        }
    }

    /**
     * One account. Without {@code roleArn}, the credentials Ghostwatch runs with are used; with it, Ghostwatch assumes
     * that role (sts:AssumeRole, with {@code externalId} when the role's trust policy asks for one).
     *
     * @param name    the label in target names ({@code prod/us-east-1/orders})
     * @param regions the regions to search, at least one
     */
    public record Account(String name, String roleArn, String externalId, List<String> regions) {
        public Account {
            Objects.requireNonNull(name, "name");
            regions = List.copyOf(regions);
            if (regions.isEmpty()) {
                throw new IllegalArgumentException("account " + name + " has no region to search");
            }
        }

        /** The 12-digit account ID from the role ARN, when there is one. */
        public Optional<String> accountId() {
            return roleArn == null ? Optional.empty() : Optional.of(roleArn.split(":")[4]);
        }
    }

    /**
     * Where Ghostwatch may open a Redis connection to a cache's nodes: {@code match} is a glob over target names
     * ({@code prod/us-east-1/orders*}); {@code password} a reference to the AUTH token or the RBAC user's password.
     * TLS follows the cache's transit encryption.
     */
    public record DirectConnection(String match, String user, SecretRef password) {
        public DirectConnection {
            Objects.requireNonNull(match, "match");
        }

        public boolean matches(String targetName) {
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + match);
            return glob.matches(java.nio.file.Path.of(targetName));
        }
    }

    /** The account with this label. */
    public Optional<Account> account(String name) {
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Every account and region to search, accounts in config order, each with its regions in order. */
    public List<CacheLocation> locations() {
        return accounts.stream().flatMap(a -> a.regions().stream()
                .map(r -> new CacheLocation(a.name(), r))).toList();
    }

    /** The direct connection for a target, if the config gives one. */
    public Optional<DirectConnection> connectionFor(String targetName) {
        return connect.stream().filter(c -> c.matches(targetName)).findFirst();
    }

    /** This config searching only {@code regions} (the CLI's {@code --region}), in every account. */
    public ElastiCacheConfig restrictedTo(List<String> regions) {
        return new ElastiCacheConfig(accounts.stream().map(a -> new Account(a.name(), a.roleArn(), a.externalId(),
                regions)).toList(), connect);
    }
}
