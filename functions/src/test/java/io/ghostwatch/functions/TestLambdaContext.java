package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Lambda {@link Context} for tests, and its own {@link LambdaLogger}: every line a handler logs is kept,
 * with its level ({@link LogLevel#UNDEFINED} when the handler gave none), for assertions. The remaining time
 * counts down from the configured timeout like the real one.
 */
final class TestLambdaContext implements Context, LambdaLogger {

    /** One call to the logger. */
    record LogLine(String message, LogLevel level) {
    }

    private final List<LogLine> lines = new CopyOnWriteArrayList<>();
    private final String requestId = UUID.randomUUID().toString();
    private final String functionName;
    private final int memoryLimitMb;
    private final long deadlineNanos;

    /** Shaped like the template's AuditShardFunction: 1024 MB, 900 s. */
    TestLambdaContext() {
        this("ghostwatch-AuditShardFunction-Ab12Cd34Ef56", 1024, Duration.ofSeconds(900));
    }

    TestLambdaContext(String functionName, int memoryLimitMb, Duration timeout) {
        this.functionName = functionName;
        this.memoryLimitMb = memoryLimitMb;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** Everything logged so far, in order. */
    List<LogLine> lines() {
        return List.copyOf(lines);
    }

    /** The logged messages without their levels. */
    List<String> messages() {
        return lines.stream().map(LogLine::message).toList();
    }

    // --- LambdaLogger -------------------------------------------------------------------------------

    @Override
    public void log(String message) {
        log(message, LogLevel.UNDEFINED);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
    }

    @Override
    public void log(String message, LogLevel level) {
        lines.add(new LogLine(message, level));
    }

    @Override
    public void log(byte[] message, LogLevel level) {
        log(new String(message, StandardCharsets.UTF_8), level);
    }

    // --- Context ------------------------------------------------------------------------------------

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/ghostwatch/test/fleet-audit";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/21/[$LATEST]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null; // only set for invocations through the AWS Mobile SDK
    }

    @Override
    public ClientContext getClientContext() {
        return null; // only set for invocations through the AWS Mobile SDK
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return this;
    }
}
