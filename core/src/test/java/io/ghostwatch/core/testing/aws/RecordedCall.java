package io.ghostwatch.core.testing.aws;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One request the stand-in answered, as tests assert on it.
 *
 * @param accessKeyId the access key that signed it; null when unsigned
 * @param account     the account of that key; null when the key is unknown
 * @param region      the region of the credential scope
 * @param service     the SigV4 signing name that routed it: {@code elasticache}, {@code sts}, {@code ec2},
 *                    {@code monitoring} (CloudWatch) or {@code secretsmanager}
 * @param action      the IAM action: {@code elasticache:DescribeCacheClusters}, {@code cloudwatch:GetMetricData}, ...
 *                    ({@code <prefix>:?} when the operation could not be read)
 * @param params      the request's parameters as flat dotted keys (the query protocols' form fields as sent;
 *                    CloudWatch's CBOR flattened alike, lists from 1: {@code MetricDataQueries.1.Id}, timestamps as
 *                    ISO-8601; Secrets Manager's JSON members by name: {@code SecretId})
 * @param status      the HTTP status answered
 * @param errorCode   the error code answered; null on success
 */
public record RecordedCall(Instant at, String accessKeyId, String account, String region, String service, String action,
                      Map<String, String> params, int status, String errorCode) {

    public RecordedCall {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        params = Map.copyOf(params);
    }

    /** The operation without the IAM prefix ({@code GetMetricData}). */
    public String operation() {
        return action.substring(action.indexOf(':') + 1);
    }

    public String param(String name) {
        return params.get(name);
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
