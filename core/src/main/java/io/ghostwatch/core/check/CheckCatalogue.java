package io.ghostwatch.core.check;

import java.util.ArrayList;
import java.util.List;

/** What every check is: self-hosted Redis checks, then ElastiCache's. For {@code ghostwatch checks}, mutes and docs. */
public final class CheckCatalogue {
    private CheckCatalogue() {
    }

    public static List<CheckMetadata> all() {
        List<CheckMetadata> all = new ArrayList<>();
        RedisChecks.all().forEach(c -> all.add(c.metadata()));
        all.add(ElastiCacheInventoryCheck.METADATA);
        ElastiCacheChecks.all().forEach(c -> all.add(c.metadata()));
        return all;
    }

    public static List<String> ids() {
        return all().stream().map(CheckMetadata::id).toList();
    }
}
