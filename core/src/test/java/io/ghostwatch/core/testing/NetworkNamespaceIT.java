package io.ghostwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The namespace helper itself: unique names, a working veth link, commands inside, and a clean close. */
class NetworkNamespaceIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @BeforeEach
    void namespacesAvailable() {
        Optional<String> why = NetworkNamespace.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "network namespaces unavailable here: " + why.orElse(""));
    }

    private static NetworkNamespace.Result connect(NetworkNamespace ns, String host) throws java.io.IOException {
        return ns.exec(LIMIT, "timeout", "3", "/bin/bash", "-c", "exec 3<>/dev/tcp/" + host + "/9");
    }

    @Test
    void vethLinksTwoNamespacesAndCloseRemovesEverything() throws Exception {
        Path out = Files.createTempFile("gw-netns-it-", ".out");
        NetworkNamespace a = NetworkNamespace.create("ita");
        NetworkNamespace b = NetworkNamespace.create("itb");
        Process sleeper;
        try {
            assertThat(a.name()).startsWith("gw-ita-" + ProcessHandle.current().pid() + "-").isNotEqualTo(b.name());
            NetworkNamespace.veth(a, "gw-a0", b, "gw-b0");
            a.addAddress("gw-a0", "10.213.250.1/30");
            b.addAddress("gw-b0", "10.213.250.2/30");
            a.linkUp("gw-a0");
            b.linkUp("gw-b0");

            assertThat(a.exec(LIMIT, "ip", "-o", "addr", "show").require()).as("only the addresses we assigned")
                    .contains("lo", "127.0.0.1", "gw-a0", "10.213.250.1/30").doesNotContain("10.213.250.2", "inet6");
            // Nothing listens in b: a reachable peer answers a connect with RST ("Connection refused").
            assertThat(connect(a, "10.213.250.2").stderr()).contains("Connection refused");

            b.linkDown("gw-b0");
            NetworkNamespace.Result cut = connect(a, "10.213.250.2");
            assertThat(cut.exit()).as("the link is cut").isNotZero();
            assertThat(cut.stderr()).doesNotContain("Connection refused");

            sleeper = b.start(out, "sleep", "600");
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            b.close();
            a.close();
            Files.deleteIfExists(out);
        }
        assertThat(sleeper.isAlive()).as("processes started inside are killed on close").isFalse();
        String namespaces = NetworkNamespace.run(LIMIT, java.util.List.of("ip", "netns", "list")).require();
        assertThat(namespaces).doesNotContain(a.name()).doesNotContain(b.name());
    }
}
