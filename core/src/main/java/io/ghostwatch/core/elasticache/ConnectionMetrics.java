package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.aws.AwsCall;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * CloudWatch {@code CurrConnections} for many cache nodes at once: one GetMetricData call carries up to
 * {@value #QUERIES_PER_CALL} nodes (its pages followed), hourly maxima over the history window. A node-based cache's
 * node is selected by {@code CacheClusterId} and {@code CacheNodeId}; a serverless cache by {@code clusterId} (its
 * name), the dimension ElastiCache Serverless publishes under.
 */
public final class ConnectionMetrics {

    public static final String NAMESPACE = "AWS/ElastiCache";
    public static final String METRIC = "CurrConnections";
    /** GetMetricData's limit on queries per request. */
    static final int QUERIES_PER_CALL = 500;
    static final int PERIOD_SECONDS = 3_600;

    /** One node whose connections are wanted, with the dimensions CloudWatch keeps them under. */
    public record Series(String key, Map<String, String> dimensions) {

        public static Series of(CacheResource cache, CacheNode node) {
            Map<String, String> dims = new LinkedHashMap<>();
            if (cache instanceof ServerlessCache) {
                dims.put("clusterId", cache.id());
            } else {
                dims.put("CacheClusterId", node.id());
                dims.put("CacheNodeId", node.cacheNodeId() == null ? "0001" : node.cacheNodeId());
            }
            return new Series(key(cache, node), dims);
        }

        /** Unique within a region: a cache cluster ID, or {@code serverless:<name>}. */
        public static String key(CacheResource cache, CacheNode node) {
            return cache instanceof ServerlessCache ? "serverless:" + cache.id() : node.id();
        }
    }

    private final CloudWatchClient client;

    public ConnectionMetrics(CloudWatchClient client) {
        this.client = client;
    }

    /**
     * Hourly maxima of {@code CurrConnections} from {@code from} to {@code to}, per series key, oldest first; a series
     * with no datapoints maps to an empty list.
     *
     * @throws io.ghostwatch.core.aws.AwsCallException naming cloudwatch:GetMetricData when it fails
     */
    public Map<String, List<ConnectionPoint>> hourlyMaxima(List<Series> series, Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        Instant end = to.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Map<String, List<ConnectionPoint>> out = new LinkedHashMap<>();
        for (int chunk = 0; chunk < series.size(); chunk += QUERIES_PER_CALL) {
            List<Series> part = series.subList(chunk, Math.min(series.size(), chunk + QUERIES_PER_CALL));
            List<MetricDataQuery> queries = new ArrayList<>();
            Map<String, String> keyById = new LinkedHashMap<>();
            for (int i = 0; i < part.size(); i++) {
                Series s = part.get(i);
                String id = "n" + i;
                keyById.put(id, s.key());
                out.put(s.key(), new ArrayList<>());
                queries.add(MetricDataQuery.builder().id(id).returnData(true).metricStat(m -> m
                        .period(PERIOD_SECONDS).stat("Maximum")
                        .metric(metric -> metric.namespace(NAMESPACE).metricName(METRIC)
                                .dimensions(s.dimensions().entrySet().stream()
                                        .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build())
                                        .toList()))).build());
            }
            List<GetMetricDataResponse> pages = AwsCall.run(AwsAction.GET_METRIC_DATA, () -> client
                    .getMetricDataPaginator(r -> r.metricDataQueries(queries).startTime(start).endTime(end))
                    .stream().toList());
            for (GetMetricDataResponse page : pages) {
                for (MetricDataResult r : page.metricDataResults()) {
                    String key = keyById.get(r.id());
                    if (key == null) {
                        continue;
                    }
                    List<ConnectionPoint> points = out.get(key);
                    for (int i = 0; i < r.timestamps().size() && i < r.values().size(); i++) {
                        points.add(new ConnectionPoint(r.timestamps().get(i), Math.round(r.values().get(i))));
                    }
                }
            }
        }
        out.values().forEach(points -> points.sort(Comparator.comparing(ConnectionPoint::time)));
        return out;
    }
}
