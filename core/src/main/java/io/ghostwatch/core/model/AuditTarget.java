package io.ghostwatch.core.model;

import java.util.Map;

/**
 * Something an audit reports on: a self-hosted server from the inventory ({@code TargetSpec}), or a cache found in
 * ElastiCache. Reports, the digest, mutes and the finding store know it only by these three facts.
 */
public interface AuditTarget {

    /** The stable name findings are keyed by: an inventory name, or {@code <account>/<region>/<cache>} for ElastiCache. */
    String name();

    /** Where it is, for a person: {@code redis://host:port} (never a password), or an ElastiCache ARN. */
    String uri();

    /** Labels mutes and reports can select by, e.g. {@code team=payments} or {@code region=us-east-1}. */
    Map<String, String> tags();
}
