package io.ghostwatch.core.check;

import io.ghostwatch.core.model.Finding;
import java.util.List;

/**
 * One expectation about an ElastiCache cache: a pure function of its {@link ElastiCacheContext}. No I/O. A check about
 * the cache as a whole returns one finding (node: the cache's ID); one about each node returns one per node.
 */
public interface ElastiCacheCheck {

    CheckMetadata metadata();

    List<Finding> evaluate(ElastiCacheContext context);

    default String id() {
        return metadata().id();
    }
}
