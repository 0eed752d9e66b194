package io.ghostwatch.core.history;

import java.time.Instant;
import java.util.List;

/**
 * Where audit samples are kept. Two implementations: a directory of files for local runs (the CLI's default,
 * no AWS account needed, {@link FileSampleStore}) and DynamoDB in AWS ({@link DynamoDbSampleStore}). Both keep
 * every sample they acknowledged: a failure is an exception that says what went wrong, never a silent loss.
 *
 * <p>What both promise (SampleStoreContract in the tests holds them to it):
 * <ul>
 *   <li>A series is one server of one target: {@code target} is a config target name
 *       ({@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}}), {@code node} is {@code host:port} ({@code [::1]:6379} for
 *       IPv6). The strings are kept exactly as given; other input is refused with an
 *       {@link IllegalArgumentException} naming the sample and the problem, before anything is stored.</li>
 *   <li>Times are kept to the millisecond (finer parts are dropped). A series holds at most one sample per
 *       millisecond: appending another for the same series and millisecond replaces the earlier one, so
 *       writing the same audit twice (a retry) is harmless; two such samples in one append are refused.</li>
 *   <li>Storage failures are {@link SampleStoreException}s naming the file or table and how many samples were
 *       not stored.</li>
 * </ul>
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
