package io.ghostwatch.cli;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command shares: where the targets come from and the policy overrides. */
final class TargetOptions {

    static final String ENV_CONFIG = "GHOSTWATCH_CONFIG";

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config: inventory, tags, policy (default: $GHOSTWATCH_CONFIG, else ./ghostwatch.yaml if present)")
    Path config;

    @Option(names = "--target", paramLabel = "URI",
            description = "redis://[user@]host[:port] or rediss://... (repeatable); with --config, only these are audited")
    List<String> targets = new ArrayList<>();

    @Option(names = "--auth", paramLabel = "REF",
            description = "password reference for --target URIs: env:VAR, file:PATH or secret:NAME[#json-key] (AWS"
                    + " Secrets Manager; never the password itself)")
    String auth;

    @Option(names = "--tls-ca", paramLabel = "PEM",
            description = "CA certificate(s) to trust for rediss:// --target URIs signed by a private CA")
    Path tlsCa;

    @Option(names = "--policy", paramLabel = "KEY=VALUE", description = "override a policy threshold (repeatable)")
    List<String> policy = new ArrayList<>();

    /** The config file in force, or an empty one when there is none. */
    GhostwatchConfig loadConfig(Map<String, String> environment) {
        Path file = config;
        if (file == null && environment.get(ENV_CONFIG) != null && !environment.get(ENV_CONFIG).isBlank()) {
            file = Path.of(environment.get(ENV_CONFIG));
        }
        if (file == null && targets.isEmpty() && Files.exists(Path.of("ghostwatch.yaml"))) {
            file = Path.of("ghostwatch.yaml");
        }
        return file == null ? GhostwatchConfig.empty() : ConfigLoader.load(file);
    }

    Policy policy(GhostwatchConfig config) {
        Policy p = config.policy();
        for (String assignment : policy) {
            try {
                p = p.withAssignment(assignment);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                throw new ConfigException(m.startsWith("policy ") ? "--" + m : "--policy: " + m);
            }
        }
        try {
            return p.requireConsistent();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--policy / config policy: " + e.getMessage().replaceFirst("^policy ", ""));
        }
    }

    /**
     * The targets to work on: each --target is a configured target's name or a URI; without --target, the
     * whole inventory.
     */
    List<TargetSpec> resolveTargets(GhostwatchConfig config) {
        return resolveTargets(config, false);
    }

    /**
     * As {@link #resolveTargets(GhostwatchConfig)}, leaving out the --target values that name ElastiCache caches.
     *
     * @param elasticache ElastiCache is audited too, so an empty inventory is not an error
     */
    List<TargetSpec> resolveTargets(GhostwatchConfig config, boolean elasticache) {
        SecretRef password = auth == null ? null : SecretRef.parse(auth, "--auth");
        if (targets.isEmpty()) {
            if (config.targets().isEmpty() && !elasticache) {
                throw new ConfigException("no targets: give --target redis://host:port, or --config FILE with a"
                        + " 'targets:' list (or set " + ENV_CONFIG + "), or --elasticache --region R");
            }
            return config.targets();
        }
        List<TargetSpec> specs = new ArrayList<>();
        for (String t : targets) {
            if (elasticache && ElastiCacheOptions.namesCache(t)) {
                continue; // an ElastiCache cache, audited by the ElastiCache auditor
            }
            var named = config.targets().stream().filter(s -> s.name().equals(t)).findFirst();
            if (named.isPresent()) {
                specs.add(named.get());
            } else if (t.contains("://")) {
                TargetSpec spec = TargetSpec.fromUri(null, t, password, Map.of(), "--target");
                if (tlsCa != null) {
                    if (!spec.tls()) {
                        throw new ConfigException("--tls-ca is only used with TLS: '" + t + "' is not a rediss:// URI");
                    }
                    if (!Files.isReadable(tlsCa)) {
                        throw new ConfigException("--tls-ca " + tlsCa + ": not a readable file");
                    }
                    spec = spec.withTlsCaFile(tlsCa.toAbsolutePath());
                }
                specs.add(spec);
            } else {
                throw new ConfigException("--target '" + t + "' is neither a URI (redis://host:port) nor a target name"
                        + " in the config" + (config.targets().isEmpty() ? "" : "; configured names: "
                        + String.join(", ", config.targets().stream().map(TargetSpec::name).toList())));
            }
        }
        return specs;
    }
}
