package io.ghostwatch.functions;

import static io.ghostwatch.core.testing.CfnTemplate.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.CfnTemplate;
import io.ghostwatch.core.testing.LambdaJar;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * After {@code package}: the file each function's CodeUri names exists and runs its handler on its own, the
 * way Lambda loads it (the jar alone, no Maven classpath). Catches a handler or a dependency that the shade
 * step left out, which TemplateTest (on the test classpath) cannot see. The functions shipping the bot's jar (built
 * after this module) run from that jar alone in the bot module's BotWorkerHandlerIT and SlackEventsHandlerSqsIT.
 */
class TemplateArtifactIT {

    @Test
    void everyFunctionsHandlerLoadsFromItsDeploymentJarAlone() throws Exception {
        CfnTemplate template = CfnTemplate.load(RepoFiles.file("template.yaml"));
        List<String> ids = template.functionIds().stream()
                .filter(id -> scalar(template.effectiveFunctionProperty(id, "CodeUri"), id).startsWith("functions/"))
                .toList();
        assertThat(ids).contains("AuditPlanFunction", "AuditShardFunction", "AuditPublishFunction");
        for (String id : ids) {
            String codeUri = scalar(template.effectiveFunctionProperty(id, "CodeUri"), id + ".CodeUri");
            Path jar = RepoFiles.root().resolve(codeUri);
            assertThat(jar).as(id + " CodeUri " + codeUri + " (built by mvn package)").isRegularFile();

            String handler = scalar(template.effectiveFunctionProperty(id, "Handler"), id + ".Handler");
            String className = handler.substring(0, handler.indexOf("::"));
            String methodName = handler.substring(handler.indexOf("::") + 2);
            try (JarFile j = new JarFile(jar.toFile())) {
                assertThat(j.getEntry(className.replace('.', '/') + ".class")).as(className + " in " + jar).isNotNull();
            }

            // Parent = platform loader: only the JDK and what is inside the jar are visible.
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> type = Class.forName(className, true, loader);
                assertThat(type.getClassLoader()).as("loaded from the jar, not the test classpath").isSameAs(loader);
                Object instance = type.getConstructor().newInstance(); // runs static init: Jackson, core classes
                assertThat(instance).isNotNull();
                assertThat(Arrays.stream(type.getMethods()).map(Method::getName)).as(handler).contains(methodName);
                assertThat(Arrays.stream(type.getInterfaces()).map(Class::getName))
                        .containsAnyOf("com.amazonaws.services.lambda.runtime.RequestStreamHandler",
                                "com.amazonaws.services.lambda.runtime.RequestHandler");
            }
            assertThat(Files.size(jar)).as(jar + " size").isLessThan(250L * 1024 * 1024); // Lambda's unzipped limit
        }
    }

    @Test
    void theJarIsSmallAndKeepsTheModelOfEveryAwsCall() throws Exception {
        Path jar = RepoFiles.root().resolve("functions/target/ghostwatch.jar");

        assertThat(Files.size(jar)).as(jar + " is " + LambdaJar.size(jar)).isLessThan(LambdaJar.MAX_BYTES);
        assertThat(LambdaJar.missingAwsModels(jar)).as("the parent pom's shade filters drop these").isEmpty();
    }
}
