package io.ghostwatch.core.testing;

import io.ghostwatch.core.aws.AwsAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;

/**
 * What a shaded Lambda jar (functions, bot) must hold and how big it may be: the parent pom's shade filters trim the
 * AWS service modules to the operations Ghostwatch calls, so a new call whose model was not added to them would only
 * fail in the jar, at run time. The modules' tests see the whole SDK on their class path and cannot tell.
 */
public final class LambdaJar {

    /** Each jar stays under 30 MB (Lambda takes a 50 MB upload), with room for another SDK module or two. */
    public static final long MAX_BYTES = 30_000_000;

    private LambdaJar() {
    }

    /**
     * The SDK model classes missing from {@code jar} for the {@link AwsAction}s it can call: the request and response
     * of each action of a service whose module is in the jar. EC2 has no module in the jars at all (its two reads go
     * through {@code Ec2QueryClient}): any EC2 SDK class there is reported too.
     */
    public static List<String> missingAwsModels(Path jar) throws IOException {
        List<String> missing = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (AwsAction action : AwsAction.all()) {
                String service = action.service();
                String base = "software/amazon/awssdk/services/" + service + "/";
                if (service.equals("ec2")) {
                    if (j.getEntry(base + "Ec2Client.class") != null) {
                        missing.add(base + " (the SDK's ec2 module should not be in the jar)");
                    }
                    continue;
                }
                if (j.stream().noneMatch(e -> e.getName().startsWith(base))) {
                    continue; // the service's module is not in this jar
                }
                String operation = action.iamName().substring(action.iamName().indexOf(':') + 1);
                for (String suffix : List.of("Request.class", "Request$BuilderImpl.class", "Response.class",
                        "Response$BuilderImpl.class")) {
                    String entry = base + "model/" + operation + suffix;
                    if (j.getEntry(entry) == null) {
                        missing.add(entry + " (" + action.iamName() + ")");
                    }
                }
            }
        }
        return missing;
    }

    /** The jar's size, for messages: "25.5 MB (25,475,657 bytes)". */
    public static String size(Path jar) throws IOException {
        long bytes = Files.size(jar);
        return String.format(Locale.ROOT, "%.1f MB (%,d bytes)", bytes / 1e6, bytes);
    }
}
