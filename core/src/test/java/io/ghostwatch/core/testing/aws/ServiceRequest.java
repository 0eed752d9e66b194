package io.ghostwatch.core.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * One operation as read off the wire.
 *
 * @param operation the API operation ({@code DescribeCacheClusters}, {@code GetMetricData}, ...)
 * @param params    the parameters as flat dotted keys: the form fields of the query protocols as sent; CloudWatch's
 *                  CBOR document flattened the same way ({@code MetricDataQueries.1.MetricStat.Metric.MetricName},
 *                  lists counted from 1, timestamps as ISO-8601 instants)
 * @param document  CloudWatch's decoded CBOR body, Secrets Manager's JSON body; null for the query protocols
 */
record ServiceRequest(String operation, Map<String, String> params, JsonNode document) {

    ServiceRequest {
        Objects.requireNonNull(operation, "operation");
        params = Map.copyOf(params);
    }
}
