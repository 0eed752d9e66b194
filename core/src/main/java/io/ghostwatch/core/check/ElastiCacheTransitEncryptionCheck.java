package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.elasticache.CacheResource;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import java.util.List;

/**
 * {@code elasticache_transit_encryption_enabled}: clients talk to the cache over TLS. Off fails MEDIUM (AUTH tokens and
 * data cross the network in clear); mode {@code preferred} fails LOW (TLS offered, plaintext still accepted). A
 * serverless cache always requires TLS.
 */
public final class ElastiCacheTransitEncryptionCheck implements ElastiCacheCheck {
    public static final String ID = "elasticache_transit_encryption_enabled";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Traffic is encrypted in transit (TLS)", Severity.MEDIUM,
            "Without TLS, passwords, AUTH tokens and data cross the network in clear text.",
            "Turn on encryption in transit in mode preferred, move clients to TLS, then set mode required.",
            List.of(), List.of(AwsAction.DESCRIBE_REPLICATION_GROUPS, AwsAction.DESCRIBE_CACHE_CLUSTERS,
                    AwsAction.DESCRIBE_SERVERLESS_CACHES));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<Finding> evaluate(ElastiCacheContext ctx) {
        CacheResource cache = ctx.cache();
        CacheResource.TransitEncryption t = cache.transitEncryption();
        Evidence evidence = Evidence.of("transit_encryption", t.enabled()).and("mode", t.mode());
        if (cache instanceof ServerlessCache) {
            return List.of(Finding.pass(ID, ctx.node(), ctx.whoStarts() + " encrypts every connection: ElastiCache"
                    + " Serverless always requires TLS.", evidence.map()));
        }
        String modify = ElastiCacheFixes.modifyCommand(cache);
        if (!t.enabled()) {
            return List.of(Finding.fail(ID, ctx.node(), Severity.MEDIUM, ctx.whoStarts() + " does not encrypt traffic"
                    + " in transit: commands, data and any password cross the network in clear.", evidence.map(),
                    new FixPlan("Move clients to TLS without an outage.", List.of(
                            new FixStep.ManualStep(modify + " --transit-encryption-enabled --transit-encryption-mode"
                                    + " preferred --apply-immediately", "Offer TLS while still accepting plaintext"
                                    + " (engine 7.0.5+ for an online change; older engines need a new cache)."),
                            new FixStep.ManualStep(modify + " --transit-encryption-mode required --apply-immediately",
                                    "Once every client connects with TLS, refuse plaintext.")))));
        }
        if (t.plaintextAccepted()) {
            return List.of(Finding.fail(ID, ctx.node(), Severity.LOW, ctx.whoStarts() + " offers TLS but still accepts"
                    + " unencrypted connections (transit encryption mode preferred).", evidence.map(),
                    new FixPlan("Refuse plaintext connections.", List.of(new FixStep.ManualStep(modify
                            + " --transit-encryption-mode required --apply-immediately",
                            "Once every client connects with TLS, refuse plaintext.")))));
        }
        return List.of(Finding.pass(ID, ctx.node(), ctx.whoStarts() + " requires TLS for every connection.",
                evidence.map()));
    }
}
