package io.ghostwatch.core.fix;

import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.redis.RedisConnector;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Why kill-idle left a connection alone. The exemptions are the clients Redis's own {@code timeout} never
 * closes (replicas, masters, MONITOR, Pub/Sub, blocked), plus Ghostwatch itself and anything mid-replication:
 * being idle is normal for all of them, and killing one breaks replication or a live subscriber.
 */
public enum IdleKillSkip {
    GHOSTWATCH("Ghostwatch's own connection (its CLIENT ID, or named '" + RedisConnector.CLIENT_NAME + "')"),
    REPLICA("a replica attached to this server (flag S)"),
    MASTER("this replica's link to its master (flag M)"),
    REPLICATION("running a replication command (cmd sync, psync or replconf)"),
    MONITOR("a MONITOR client (flag O)"),
    PUBSUB("a Pub/Sub subscriber (flag P, or sub/psub/ssub above 0)"),
    BLOCKED("blocked in a command such as BLPOP (flag b)"),
    RECENTLY_ACTIVE("idle for less than the threshold"),
    GONE("selected, but closed (or no longer a normal client) before CLIENT KILL reached it");

    /** {@code cmd} values of a connection that is (or is becoming) a replica. */
    private static final Set<String> REPLICATION_COMMANDS = Set.of("sync", "psync", "replconf");

    private final String description;

    IdleKillSkip(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * Why this client must not be killed, or empty when it is idle at least {@code idleSeconds} and none of the
     * exemptions applies. The first matching reason counts, exemptions before idleness, so a replica is
     * reported as a replica however idle it is.
     *
     * @param ownId the CLIENT ID of the connection asking
     */
    public static Optional<IdleKillSkip> of(ClientInfo client, long ownId, long idleSeconds) {
        String flags = client.flags();
        if (client.id() == ownId || client.name().equals(RedisConnector.CLIENT_NAME)) {
            return Optional.of(GHOSTWATCH);
        }
        if (flags.indexOf('S') >= 0) {
            return Optional.of(REPLICA);
        }
        if (flags.indexOf('M') >= 0) {
            return Optional.of(MASTER);
        }
        if (REPLICATION_COMMANDS.contains(client.cmd().toLowerCase(Locale.ROOT))) {
            return Optional.of(REPLICATION);
        }
        if (flags.indexOf('O') >= 0) {
            return Optional.of(MONITOR);
        }
        if (flags.indexOf('P') >= 0 || client.subscriptions() > 0) {
            return Optional.of(PUBSUB);
        }
        if (flags.indexOf('b') >= 0) {
            return Optional.of(BLOCKED);
        }
        if (client.idleSeconds() < idleSeconds) {
            return Optional.of(RECENTLY_ACTIVE);
        }
        return Optional.empty();
    }
}
