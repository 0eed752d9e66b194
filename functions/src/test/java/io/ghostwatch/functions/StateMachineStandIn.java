package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Step Functions for the tests: runs a state machine definition as the service does, for the part of the Amazon States
 * Language (JSONPath) that Ghostwatch's definition uses: Task states on a Lambda function ARN (the function is an
 * in-process handler, each invocation a fresh instance, as after a cold start), Map (inline, ItemsPath,
 * MaxConcurrency or MaxConcurrencyPath), Pass, Succeed, Fail; Parameters with {@code .$} paths, ResultPath, Retry and
 * Catch, the context object's {@code $$.Execution.Name}, {@code $$.Execution.StartTime} and {@code $$.Map.Item.*}.
 * A function's exception reaches the definition as Step Functions reports a Lambda function error: {@code Error} is
 * the exception's class name, {@code Cause} Lambda's JSON error document. Any field or state type outside that part
 * is refused by name, so the definition cannot come to use something this stand-in would get wrong; asl-validator and
 * AWS's language service check the whole definition against the language (infra/lint).
 *
 * <p>What Lambda itself can do to an invocation (time out, be throttled) is injected with {@link #failNext}, in the
 * error form Step Functions receives.
 */
final class StateMachineStandIn {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TASK_FIELDS = Set.of("Type", "Comment", "Resource", "Parameters", "ResultPath",
            "Retry", "Catch", "Next", "End");
    private static final Set<String> MAP_FIELDS = Set.of("Type", "Comment", "ItemsPath", "MaxConcurrency",
            "MaxConcurrencyPath", "ItemProcessor", "ResultPath", "Retry", "Catch", "Next", "End");
    private static final Set<String> PASS_FIELDS = Set.of("Type", "Comment", "Result", "ResultPath", "Next", "End");
    private static final Set<String> RETRY_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate");
    private static final Set<String> CATCH_FIELDS = Set.of("ErrorEquals", "ResultPath", "Next");

    /** How an execution ended, its output or error, and every state entered, in order (Map iterations included). */
    record Execution(String status, JsonNode output, String error, String cause, List<String> states) {
        boolean succeeded() {
            return status.equals("SUCCEEDED");
        }
    }

    /** A failure Step Functions saw, as {@code {"Error", "Cause"}}. */
    static final class StatesError extends Exception {
        private static final long serialVersionUID = 1L;
        final String error;
        final String cause;

        StatesError(String error, String cause) {
            super(error + ": " + cause);
            this.error = error;
            this.cause = cause;
        }
    }

    private final JsonNode definition;
    private final Map<String, Supplier<RequestStreamHandler>> functions;
    private final Map<String, List<StatesError>> injected = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = Collections.synchronizedList(new ArrayList<>());

    /**
     * One invocation of a function: what it was given, and what it logged and answered (null when it failed: then
     * {@code error} holds what Step Functions saw).
     */
    record Invocation(String function, JsonNode input, TestLambdaContext context, JsonNode output, StatesError error) {
    }

    /**
     * @param definition the definition with its {@code ${...}} substitutions still in place
     * @param functions  a fresh handler per invocation, by substitution name (what {@code DefinitionSubstitutions}
     *                   maps to the function's ARN)
     */
    StateMachineStandIn(JsonNode definition, Map<String, Supplier<RequestStreamHandler>> functions) {
        this.definition = definition;
        this.functions = Map.copyOf(functions);
    }

    /** The next invocations of {@code function} fail at the Lambda service with these errors, in order. */
    void failNext(String function, String error, String cause) {
        injected.computeIfAbsent(function, f -> Collections.synchronizedList(new ArrayList<>()))
                .add(new StatesError(error, cause));
    }

    /** Every invocation so far, in the order they ended. */
    List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** The invocations of one function (by substitution name). */
    List<Invocation> invocations(String function) {
        return invocations().stream().filter(i -> i.function().equals(function)).toList();
    }

    /** {@code aws stepfunctions start-execution --name NAME --input INPUT}, run to its end. */
    Execution start(String name, Instant startTime, JsonNode input) {
        ObjectNode context = MAPPER.createObjectNode();
        context.putObject("Execution").put("Name", name)
                .put("StartTime", DateTimeFormatter.ISO_INSTANT.format(startTime.truncatedTo(ChronoUnit.MILLIS)));
        List<String> states = Collections.synchronizedList(new ArrayList<>());
        try {
            JsonNode output = run(definition, input, context, states);
            return new Execution("SUCCEEDED", output, null, null, List.copyOf(states));
        } catch (StatesError e) {
            return new Execution("FAILED", null, e.error, e.cause, List.copyOf(states));
        }
    }

    private JsonNode run(JsonNode machine, JsonNode input, ObjectNode context, List<String> states) throws StatesError {
        String current = machine.path("StartAt").asText();
        JsonNode data = input;
        while (true) {
            JsonNode state = machine.path("States").get(current);
            if (state == null) {
                throw new IllegalStateException("no state named '" + current + "'");
            }
            states.add(current);
            String type = state.path("Type").asText();
            String next;
            JsonNode in = data;
            try {
                data = switch (type) {
                    case "Task" -> withRetry(state, () -> task(state, in, context), TASK_FIELDS);
                    case "Map" -> withRetry(state, () -> map(state, in, context, states), MAP_FIELDS);
                    case "Pass" -> {
                        only(state, PASS_FIELDS);
                        yield state.has("Result") ? resultAt(state.get("ResultPath"), data, state.get("Result")) : data;
                    }
                    case "Succeed" -> data;
                    case "Fail" -> throw new StatesError(state.path("Error").asText("States.Fail"),
                            state.path("Cause").asText(""));
                    default -> throw new IllegalStateException("state '" + current + "' has type " + type
                            + ", which this stand-in does not run");
                };
                next = state.path("End").asBoolean(false) || type.equals("Succeed") ? null : state.path("Next").asText();
            } catch (StatesError e) {
                JsonNode catcher = matching(state.path("Catch"), e);
                if (catcher == null) {
                    throw e;
                }
                only(catcher, CATCH_FIELDS);
                ObjectNode error = MAPPER.createObjectNode().put("Error", e.error).put("Cause", e.cause);
                data = resultAt(catcher.get("ResultPath"), data, error);
                next = catcher.path("Next").asText();
            }
            if (next == null) {
                return data;
            }
            current = next;
        }
    }

    private interface Step {
        JsonNode run() throws StatesError;
    }

    private static JsonNode withRetry(JsonNode state, Step step, Set<String> fields) throws StatesError {
        only(state, fields);
        Map<JsonNode, Integer> attempts = new java.util.HashMap<>();
        while (true) {
            try {
                return step.run();
            } catch (StatesError e) {
                JsonNode retrier = matching(state.path("Retry"), e);
                if (retrier == null) {
                    throw e;
                }
                only(retrier, RETRY_FIELDS);
                int done = attempts.merge(retrier, 1, Integer::sum);
                if (done > retrier.path("MaxAttempts").asInt(3)) {
                    throw e;
                }
                // The interval (IntervalSeconds * BackoffRate^n) is not waited: nothing here is throttled.
            }
        }
    }

    private static JsonNode matching(JsonNode rules, StatesError e) {
        for (JsonNode rule : rules) {
            for (JsonNode name : rule.path("ErrorEquals")) {
                String n = name.asText();
                boolean all = n.equals("States.ALL") && !e.error.equals("States.Runtime");
                boolean taskFailed = n.equals("States.TaskFailed") && !e.error.startsWith("States.");
                if (all || taskFailed || n.equals(e.error)) {
                    return rule;
                }
            }
        }
        return null;
    }

    private JsonNode task(JsonNode state, JsonNode data, ObjectNode context) throws StatesError {
        String resource = state.path("Resource").asText();
        if (!resource.matches("\\$\\{[A-Za-z0-9]+}")) {
            throw new IllegalStateException("Task resource '" + resource + "' is not a ${Function} substitution;"
                    + " this stand-in runs Lambda functions by their substitution only");
        }
        String function = resource.substring(2, resource.length() - 1);
        Supplier<RequestStreamHandler> handler = functions.get(function);
        if (handler == null) {
            throw new IllegalStateException("no function for " + resource + "; known: " + functions.keySet());
        }
        JsonNode payload = state.has("Parameters") ? parameters(state.get("Parameters"), data, context) : data;
        TestLambdaContext lambda = new TestLambdaContext();
        List<StatesError> failures = injected.get(function);
        if (failures != null && !failures.isEmpty()) {
            StatesError e = failures.removeFirst();
            invocations.add(new Invocation(function, payload, lambda, null, e));
            throw e;
        }
        JsonNode output;
        try {
            output = invoke(handler.get(), payload, lambda);
        } catch (StatesError e) {
            invocations.add(new Invocation(function, payload, lambda, null, e));
            throw e;
        }
        invocations.add(new Invocation(function, payload, lambda, output, null));
        return resultAt(state.get("ResultPath"), data, output);
    }

    /** One Lambda invocation: the payload's bytes in, the response's bytes out, an exception as Lambda reports it. */
    private static JsonNode invoke(RequestStreamHandler handler, JsonNode payload, TestLambdaContext context)
            throws StatesError {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(MAPPER.writeValueAsBytes(payload)), out, context);
        } catch (Exception | Error e) {
            ObjectNode document = MAPPER.createObjectNode().put("errorMessage", String.valueOf(e.getMessage()))
                    .put("errorType", e.getClass().getName());
            ArrayNode trace = document.putArray("stackTrace");
            for (StackTraceElement element : e.getStackTrace()) {
                trace.add(element.toString());
            }
            throw new StatesError(e.getClass().getName(), document.toString());
        }
        try {
            return out.size() == 0 ? JsonNodeFactory.instance.nullNode() : MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new StatesError("States.Runtime", "the function's response is not JSON: " + e.getMessage());
        }
    }

    private JsonNode map(JsonNode state, JsonNode data, ObjectNode context, List<String> states) throws StatesError {
        JsonNode processor = state.path("ItemProcessor");
        if (!processor.path("ProcessorConfig").path("Mode").asText("INLINE").equals("INLINE")) {
            throw new IllegalStateException("this stand-in runs INLINE Map states only");
        }
        JsonNode items = path(state.path("ItemsPath").asText("$"), data, context);
        if (!items.isArray()) {
            throw new StatesError("States.Runtime", "ItemsPath " + state.path("ItemsPath") + " is not an array");
        }
        int concurrency = state.has("MaxConcurrencyPath")
                ? path(state.get("MaxConcurrencyPath").asText(), data, context).asInt(-1)
                : state.path("MaxConcurrency").asInt(0);
        if (concurrency < 0) {
            throw new StatesError("States.Runtime", "MaxConcurrencyPath " + state.get("MaxConcurrencyPath")
                    + " does not name a whole number >= 0");
        }
        Semaphore permits = new Semaphore(concurrency == 0 ? Integer.MAX_VALUE : concurrency);
        List<Future<JsonNode>> iterations = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            int index = 0;
            for (JsonNode item : items) {
                ObjectNode itemContext = context.deepCopy();
                itemContext.putObject("Map").putObject("Item").put("Index", index++).set("Value", item);
                iterations.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return run(processor, item, itemContext, states);
                    } finally {
                        permits.release();
                    }
                }));
            }
            ArrayNode results = MAPPER.createArrayNode();
            for (Future<JsonNode> f : iterations) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof StatesError s) {
                        throw s;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return resultAt(state.get("ResultPath"), data, results);
        }
    }

    /** ResultPath: absent or "$" replaces the input, null discards the result, "$.a.b" sets it inside a copy. */
    private static JsonNode resultAt(JsonNode resultPath, JsonNode input, JsonNode result) {
        if (resultPath == null || resultPath.asText().equals("$")) {
            return result;
        }
        if (resultPath.isNull()) {
            return input;
        }
        String path = resultPath.asText();
        if (!path.matches("\\$(\\.[A-Za-z0-9_]+)+") || !input.isObject()) {
            throw new IllegalStateException("ResultPath " + path + " is outside this stand-in's paths ($.a.b on an"
                    + " object input)");
        }
        ObjectNode copy = input.deepCopy();
        String[] fields = path.substring(2).split("\\.");
        ObjectNode target = copy;
        for (int i = 0; i < fields.length - 1; i++) {
            target = target.has(fields[i]) && target.get(fields[i]).isObject() ? (ObjectNode) target.get(fields[i])
                    : target.putObject(fields[i]);
        }
        target.set(fields[fields.length - 1], result);
        return copy;
    }

    private static JsonNode parameters(JsonNode template, JsonNode data, ObjectNode context) {
        if (!template.isObject()) {
            return template;
        }
        ObjectNode out = MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : template.properties()) {
            if (e.getKey().endsWith(".$")) {
                out.set(e.getKey().substring(0, e.getKey().length() - 2), path(e.getValue().asText(), data, context));
            } else {
                out.set(e.getKey(), parameters(e.getValue(), data, context));
            }
        }
        return out;
    }

    /** "$", "$.a.b" on the data, "$$.A.B" on the context object. */
    private static JsonNode path(String path, JsonNode data, JsonNode context) {
        if (!path.matches("\\$\\$?(\\.[A-Za-z0-9_]+)*")) {
            throw new IllegalStateException("path " + path + " is outside this stand-in's paths ($, $.a.b, $$.A.B)");
        }
        JsonNode node = path.startsWith("$$") ? context : data;
        String rest = path.startsWith("$$") ? path.substring(2) : path.substring(1);
        for (String field : rest.isEmpty() ? new String[0] : rest.substring(1).split("\\.")) {
            node = node.path(field);
        }
        if (node.isMissingNode()) {
            throw new IllegalStateException("path " + path + " names nothing in " + (path.startsWith("$$") ? context
                    : data));
        }
        return node;
    }

    private static void only(JsonNode state, Set<String> fields) {
        for (Iterator<String> it = state.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new IllegalStateException("field " + f + " is outside what this stand-in runs (" + fields + ")");
            }
        }
    }
}
