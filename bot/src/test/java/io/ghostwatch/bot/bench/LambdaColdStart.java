package io.ghostwatch.bot.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Lambda cold start, in a JVM of its own (spawned by {@link BotAckBench}): builds the handler the way the Lambda
 * Java runtime does (the class by name, its no-argument constructor, configured by environment variables), invokes
 * {@code handleRequest} once on the API Gateway HTTP API (payload 2.0) event in the file given, prints the response
 * on one line and exits. It also prints wall-clock marks (epoch ms) the parent turns into a breakdown; no JMX, so
 * measuring adds no class loading of its own.
 * <p>
 * Not in the production jar: the benchmark runs it with {@code -cp ghostwatch-bot.jar:lambda-main.jar}, the second
 * jar holding only this class. {@code --noop} prints {@code ready} and exits: the JVM's own floor.
 * <p>
 * What the real runtime adds is not here: its own start-up (the runtime interface client), the Init/Invoke API
 * calls, and the sandbox. What it shares: a fresh JVM, the shaded jar, the handler built at init from the environment.
 */
public final class LambdaColdStart {

    static final String HANDLER = "io.ghostwatch.bot.SlackEventsHandler";

    private LambdaColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        if (args.length == 1 && args[0].equals("--noop")) {
            System.out.println("ready");
            System.out.flush();
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: LambdaColdStart EVENT.json | --noop");
            System.exit(2);
        }
        // init phase: the runtime loads the handler class and calls its public no-argument constructor
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(HANDLER).getDeclaredConstructor().newInstance();
        long handlerAt = System.currentTimeMillis();
        // invoke phase: the event as the runtime's stream, the response into a buffer
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream event = Files.newInputStream(Path.of(args[0]))) {
            handler.handleRequest(event, out, null);
        }
        long responseAt = System.currentTimeMillis();
        String response = out.toString(StandardCharsets.UTF_8).replace('\n', ' ');
        System.out.println("response " + response);
        System.out.println("marks main=" + mainAt + " handler=" + handlerAt + " response=" + responseAt);
        System.out.flush();
        // the in-process work queue and the Slack clients hold threads; a Lambda environment is frozen, not exited
        System.exit(0);
    }
}
