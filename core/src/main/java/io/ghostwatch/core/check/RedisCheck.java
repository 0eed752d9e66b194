package io.ghostwatch.core.check;

import io.ghostwatch.core.model.Finding;

/** One expectation about a self-hosted Redis server: a pure function of a snapshot. No I/O. */
public interface RedisCheck {

    CheckMetadata metadata();

    Finding evaluate(CheckContext context);

    default String id() {
        return metadata().id();
    }
}
