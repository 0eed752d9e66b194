package io.ghostwatch.bot.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Lambda cold start, in a JVM of its own (spawned by {@link ColdInvoke} for {@link BotAckBench} and
 * {@link ColdStartBench}): builds the handler the way the Lambda Java runtime does (the class by name, its no-argument
 * constructor, configured by environment variables), invokes {@code handleRequest} once on the event in the file given,
 * prints the response on one line and exits. It also prints wall-clock marks (epoch ms) the parent turns into a
 * breakdown; no JMX, so measuring adds no class loading of its own.
 * <p>
 * Usage: {@code LambdaColdStart HANDLER_CLASS EVENT.json}, or {@code --noop}, which prints {@code ready} and exits: the
 * JVM's own floor. The handler may be any {@link RequestStreamHandler} in the jar it runs with. What it logs through the
 * {@link Context}'s logger goes to standard error, as a Lambda function's log goes to its log stream.
 * <p>
 * Not in the production jars: the benchmarks run it with {@code -cp <the Lambda jar>:lambda-main.jar}, the second jar
 * holding only this class. What the real runtime adds is not here: its own start-up (the runtime interface client), the
 * Init/Invoke API calls, and the sandbox. What it shares: a fresh JVM, the shaded jar, the handler built at init from
 * the environment.
 */
public final class LambdaColdStart {

    private LambdaColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        if (args.length == 1 && args[0].equals("--noop")) {
            System.out.println("ready");
            System.out.flush();
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: LambdaColdStart HANDLER_CLASS EVENT.json | --noop");
            System.exit(2);
        }
        // init phase: the runtime loads the handler class and calls its public no-argument constructor
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor()
                .newInstance();
        long handlerAt = System.currentTimeMillis();
        // invoke phase: the event as the runtime's stream, the response into a buffer
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
            handler.handleRequest(event, out, new StderrContext());
        }
        long responseAt = System.currentTimeMillis();
        String response = out.toString(StandardCharsets.UTF_8).replace('\n', ' ');
        System.out.println("response " + response);
        System.out.println("marks main=" + mainAt + " handler=" + handlerAt + " response=" + responseAt);
        System.out.flush();
        // work queues and SDK clients hold threads; a Lambda environment is frozen, not exited
        System.exit(0);
    }

    /** A Lambda context whose logger writes to standard error; the rest is fixed, as for a 1024 MB function. */
    private static final class StderrContext implements Context, LambdaLogger {

        @Override
        public void log(String message) {
            System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
            System.err.print(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public String getAwsRequestId() {
            return "00000000-0000-4000-8000-000000000000";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/ghostwatch-cold-start";
        }

        @Override
        public String getLogStreamName() {
            return "cold-start";
        }

        @Override
        public String getFunctionName() {
            return "ghostwatch-cold-start";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:111111111111:function:ghostwatch-cold-start";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 300_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return this;
        }
    }
}
