package io.ghostwatch.core.testing.aws;

import com.sun.net.httpserver.Headers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CloudWatch (signing name {@code monitoring}) over Smithy RPC v2 CBOR, as SDK 2.59.1 speaks it: {@code POST
 * /service/GraniteServiceVersion20100801/operation/<Operation>} with {@code smithy-protocol: rpc-v2-cbor} and a CBOR
 * body; answers are CBOR with the same header, timestamps as tag 1 (epoch seconds, a double); errors are a CBOR map
 * with {@code __type} ({@code namespace#Shape}) and {@code message}, plus, CloudWatch being awsQuery-compatible,
 * {@code x-amzn-query-error: <Code>;Sender}, from which the SDK takes the error code it reports.
 * <p>
 * GetMetricData only: MetricStat queries (no math expressions) answered from the fleet's series, aggregated per
 * Period with Average, Maximum, Minimum, Sum or SampleCount over [StartTime, EndTime), newest first (or oldest first
 * with ScanBy TimestampAscending), paged by datapoints.
 */
final class CloudWatchService implements AwsService {

    static final String PATH_PREFIX = "/service/GraniteServiceVersion20100801/operation/";

    private static final Set<String> OPERATIONS = Set.of("GetMetricData");
    private static final Set<String> STATS = Set.of("Average", "Maximum", "Minimum", "Sum", "SampleCount");
    private static final Set<String> TIMESTAMP_FIELDS = Set.of("StartTime", "EndTime");
    private static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
    private static final int MAX_QUERIES = 500;
    private static final int DEFAULT_MAX_DATAPOINTS = 100_800;
    private static final CBORFactory CBOR = new CBORFactory();
    private static final CBORMapper READER = new CBORMapper();

    /** The smithy {@code __type} of the errors the stand-in answers CloudWatch calls with, by query error code. */
    private static final Map<String, String> ERROR_TYPES = Map.ofEntries(
            Map.entry("AccessDenied", "com.amazon.coral.service#AccessDeniedException"),
            Map.entry("Throttling", "com.amazon.coral.availability#ThrottlingException"),
            Map.entry("InvalidClientTokenId", "com.amazon.coral.service#UnrecognizedClientException"),
            Map.entry("SignatureDoesNotMatch", "com.amazon.coral.service#InvalidSignatureException"),
            Map.entry("ExpiredToken", "com.amazon.coral.service#ExpiredTokenException"),
            Map.entry("MissingAuthenticationToken", "com.amazon.coral.service#MissingAuthenticationTokenException"),
            Map.entry("UnknownOperation", "com.amazon.coral.service#UnknownOperationException"),
            Map.entry("InternalFailure", "com.amazon.coral.service#InternalFailure"),
            Map.entry("InvalidParameterValue", "com.amazonaws.cloudwatch#InvalidParameterValueException"),
            Map.entry("InvalidParameterCombination", "com.amazonaws.cloudwatch#InvalidParameterCombinationException"),
            Map.entry("MissingParameter", "com.amazonaws.cloudwatch#MissingRequiredParameterException"),
            Map.entry("InvalidNextToken", "com.amazonaws.cloudwatch#InvalidNextToken"));

    @Override
    public String signingName() {
        return "monitoring";
    }

    @Override
    public String iamPrefix() {
        return "cloudwatch";
    }

    @Override
    public ServiceRequest read(String path, Headers headers, byte[] body) {
        String operation = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        if (!OPERATIONS.contains(operation)) {
            throw ServiceFault.notFound("UnknownOperation", "The stand-in does not serve CloudWatch operation '"
                    + operation + "' (path " + path + ")");
        }
        JsonNode document;
        try {
            document = body.length == 0 ? READER.createObjectNode() : READER.readTree(body);
        } catch (IOException e) {
            throw ServiceFault.badRequest("SerializationException", "The request body is not CBOR: " + e.getMessage());
        }
        if (!document.isObject()) {
            throw ServiceFault.badRequest("SerializationException", "The request body is not a CBOR map");
        }
        Map<String, String> params = new LinkedHashMap<>();
        flatten("", document, params);
        return new ServiceRequest(operation, params, document);
    }

    @Override
    public WireReply error(ServiceError error, String requestId) {
        String type = ERROR_TYPES.getOrDefault(error.code(), "com.amazonaws.cloudwatch#" + error.code());
        byte[] body = cbor(g -> {
            g.writeStartObject();
            g.writeStringField("__type", type);
            g.writeStringField("message", error.message());
            g.writeEndObject();
        });
        return new WireReply(error.status(), "application/cbor", Map.of("smithy-protocol", "rpc-v2-cbor",
                "x-amzn-query-error", error.code() + ";" + (error.senderFault() ? "Sender" : "Receiver")), body);
    }

    @Override
    public WireReply answer(ServiceRequest request, RequestContext context) {
        return getMetricData(request.document(), context);
    }

    /** One query of a GetMetricData call, resolved to its datapoints (in the order answered). */
    private record QueryResult(String id, String label, List<Instant> timestamps, List<Double> values) {
    }

    /** A position in the flattened datapoints of all queries, which NextToken pages through. */
    private record Cursor(int query, int point) {
    }

    private WireReply getMetricData(JsonNode document, RequestContext context) {
        Instant start = timestamp(document, "StartTime");
        Instant end = timestamp(document, "EndTime");
        if (!start.isBefore(end)) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The parameter StartTime must be less than the parameter EndTime.");
        }
        JsonNode queries = document.path("MetricDataQueries");
        if (!queries.isArray() || queries.isEmpty()) {
            throw ServiceFault.badRequest("MissingParameter", "The parameter MetricDataQueries is required.");
        }
        if (queries.size() > MAX_QUERIES) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
        }
        boolean ascending = "TimestampAscending".equals(document.path("ScanBy").asText("TimestampDescending"));
        List<QueryResult> results = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) {
            QueryResult result = resolve(queries.get(i), i + 1, start, end, ascending, context.fleet());
            if (!ids.add(result.id())) {
                throw ServiceFault.badRequest("InvalidParameterValue",
                        "The value " + result.id() + " for parameter MetricDataQueries.member." + (i + 1)
                                + ".Id is not unique.");
            }
            if (queries.get(i).path("ReturnData").asBoolean(true)) {
                results.add(result);
            }
        }
        int maxDatapoints = document.path("MaxDatapoints").asInt(DEFAULT_MAX_DATAPOINTS);
        int limit = Math.min(maxDatapoints, context.datapointsPerPage());
        ServiceFault badToken = ServiceFault.badRequest("InvalidNextToken", "The service couldn't process the "
                + "NextToken.");
        int from = Paging.offset(document.path("NextToken").asText(null), badToken);
        int total = results.stream().mapToInt(r -> r.timestamps().size()).sum();
        if (from > total) {
            throw badToken;
        }
        int to = Math.min(total, from + limit);
        Cursor first = cursor(results, from);
        Cursor last = cursor(results, to);
        byte[] body = cbor(g -> {
            g.writeStartObject();
            g.writeFieldName("MetricDataResults");
            g.writeStartArray(results, results.size());
            for (int q = 0; q < results.size(); q++) {
                QueryResult result = results.get(q);
                int size = result.timestamps().size();
                int fromPoint = q < first.query() ? size : q == first.query() ? first.point() : 0;
                int toPoint = q < last.query() ? size : q == last.query() ? last.point() : 0;
                toPoint = Math.max(fromPoint, toPoint);
                g.writeStartObject();
                g.writeStringField("Id", result.id());
                g.writeStringField("Label", result.label());
                g.writeFieldName("Timestamps");
                g.writeStartArray(result, toPoint - fromPoint);
                for (Instant t : result.timestamps().subList(fromPoint, toPoint)) {
                    g.writeTag(1);
                    g.writeNumber(t.toEpochMilli() / 1000.0);
                }
                g.writeEndArray();
                g.writeFieldName("Values");
                g.writeStartArray(result, toPoint - fromPoint);
                for (double v : result.values().subList(fromPoint, toPoint)) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
                g.writeStringField("StatusCode", toPoint == size ? "Complete" : "PartialData");
                g.writeEndObject();
            }
            g.writeEndArray();
            if (to < total) {
                g.writeStringField("NextToken", Paging.token(to));
            }
            g.writeFieldName("Messages");
            g.writeStartArray(results, 0);
            g.writeEndArray();
            g.writeEndObject();
        });
        return new WireReply(200, "application/cbor", Map.of("smithy-protocol", "rpc-v2-cbor"), body);
    }

    /** Where the {@code offset}-th datapoint of all results (flattened in order) is. */
    private static Cursor cursor(List<QueryResult> results, int offset) {
        int remaining = offset;
        for (int q = 0; q < results.size(); q++) {
            int size = results.get(q).timestamps().size();
            if (remaining < size) {
                return new Cursor(q, remaining);
            }
            remaining -= size;
        }
        return new Cursor(results.size(), 0);
    }

    private static QueryResult resolve(JsonNode query, int index, Instant start, Instant end, boolean ascending,
                                       RegionFleet fleet) {
        String at = "MetricDataQueries.member." + index;
        String id = query.path("Id").asText("");
        if (!QUERY_ID.matcher(id).matches()) {
            throw ServiceFault.badRequest("InvalidParameterValue", "The value " + id + " for parameter " + at
                    + ".Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.");
        }
        if (query.has("Expression")) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The stand-in does not evaluate metric math (" + at + ".Expression)");
        }
        JsonNode stat = query.path("MetricStat");
        JsonNode metric = stat.path("Metric");
        if (!stat.isObject() || !metric.isObject()) {
            throw ServiceFault.badRequest("MissingParameter", "The parameter " + at + ".MetricStat is required.");
        }
        int period = stat.path("Period").asInt(0);
        if (period < 1 || (period >= 60 ? period % 60 != 0 : !Set.of(1, 5, 10, 20, 30).contains(period))) {
            throw ServiceFault.badRequest("InvalidParameterValue", "The parameter " + at + ".MetricStat.Period must "
                    + "be 1, 5, 10, 20, 30, or a multiple of 60.");
        }
        String statistic = stat.path("Stat").asText("");
        if (!STATS.contains(statistic)) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The stand-in does not compute statistic '" + statistic + "' (" + at + ".MetricStat.Stat)");
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (JsonNode dimension : metric.path("Dimensions")) {
            dimensions.put(dimension.path("Name").asText(), dimension.path("Value").asText());
        }
        String metricName = metric.path("MetricName").asText("");
        MetricKey key = new MetricKey(metric.path("Namespace").asText(""), metricName, dimensions);
        TreeMap<Long, List<Double>> buckets = new TreeMap<>();
        for (Datapoint point : fleet.metric(key)) {
            if (point.timestamp().isBefore(start) || !point.timestamp().isBefore(end)) {
                continue;
            }
            long bucket = Math.floorDiv(point.timestamp().getEpochSecond(), period) * period;
            buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(point.value());
        }
        List<Instant> timestamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Map.Entry<Long, List<Double>> bucket : ascending ? buckets.entrySet()
                : buckets.descendingMap().entrySet()) {
            timestamps.add(Instant.ofEpochSecond(bucket.getKey()));
            values.add(aggregate(statistic, bucket.getValue()));
        }
        String label = query.hasNonNull("Label") ? query.get("Label").asText() : metricName;
        return new QueryResult(id, label, timestamps, values);
    }

    private static double aggregate(String statistic, List<Double> samples) {
        return switch (statistic) {
            case "Average" -> samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case "Maximum" -> samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case "Minimum" -> samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case "Sum" -> samples.stream().mapToDouble(Double::doubleValue).sum();
            case "SampleCount" -> samples.size();
            default -> throw new IllegalStateException("unchecked statistic " + statistic);
        };
    }

    private static Instant timestamp(JsonNode document, String field) {
        JsonNode node = document.get(field);
        if (node == null || !node.isNumber()) {
            throw ServiceFault.badRequest("MissingParameter", "The parameter " + field + " is required.");
        }
        return instant(node);
    }

    /** A CBOR timestamp (tag 1: epoch seconds, integer or floating point), to the millisecond the SDK sends. */
    static Instant instant(JsonNode seconds) {
        return Instant.ofEpochMilli(Math.round(seconds.asDouble() * 1000));
    }

    /** The document as dotted keys, lists counted from 1, StartTime and EndTime as ISO-8601 instants. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                if (prefix.isEmpty() && TIMESTAMP_FIELDS.contains(field.getKey()) && field.getValue().isNumber()) {
                    out.put(key, instant(field.getValue()).toString());
                } else {
                    flatten(key, field.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "." + (i + 1), node.get(i), out);
            }
        } else {
            out.put(prefix, node.asText());
        }
    }

    /** Writes CBOR with a generator of the stand-in's factory. */
    private interface CborBody {
        void write(CBORGenerator generator) throws IOException;
    }

    private static byte[] cbor(CborBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = CBOR.createGenerator(out)) {
            body.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CBOR to memory", e);
        }
        return out.toByteArray();
    }

    /** Whether a path is CloudWatch's RPC v2 operation path (how an unsigned request is routed). */
    static boolean servesPath(String path) {
        return path.startsWith("/service/");
    }
}
