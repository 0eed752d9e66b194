package io.ghostwatch.core.history;

import java.time.Instant;
import java.util.List;

/**
 * Where audit samples are kept. Two implementations: a directory of files for local runs (the CLI's default,
 * no AWS account needed) and DynamoDB in AWS. Both keep every sample they acknowledged: a failure is an
 * exception that says what went wrong, never a silent loss.
 */
public interface SampleStore {

    /** Stores the samples of one audit run. */
    void append(List<ServerSample> samples);

    /**
     * The samples of one server with {@code time >= since}, oldest first.
     *
     * @param target the target's inventory name
     * @param node   {@code host:port}
     */
    List<ServerSample> history(String target, String node, Instant since);
}
