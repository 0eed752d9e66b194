package io.ghostwatch.core.fix;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What kill-idle did on one node, or in a dry run what it would do, from the node's own fresh CLIENT LIST.
 *
 * @param killedByAddress client host (IP without port, since one host's ghosts come from many ports; the socket
 *                        path for unix-socket clients) -> connections killed (in a dry run: that would be
 *                        killed), most first, then in address order
 * @param skipped         why connections were left alone -> how many
 * @param error           why the node could not be handled, or handled only in part, or null; whatever was
 *                        killed before the error is still counted
 */
public record NodeIdleKill(HostPort node, NodeRole role, Map<String, Integer> killedByAddress,
                           Map<IdleKillSkip, Integer> skipped, String error) {

    public NodeIdleKill {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        new TreeMap<>(killedByAddress).entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        killedByAddress = Collections.unmodifiableMap(sorted);
        skipped = Collections.unmodifiableMap(skipped.isEmpty()
                ? new EnumMap<>(IdleKillSkip.class) : new EnumMap<>(skipped));
    }

    /** A node that could not be reached or read: nothing was killed there. */
    public static NodeIdleKill failed(HostPort node, NodeRole role, String error) {
        return new NodeIdleKill(node, role, Map.of(), Map.of(), error);
    }

    public int killed() {
        return killedByAddress.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int skipped(IdleKillSkip reason) {
        return skipped.getOrDefault(reason, 0);
    }

    public boolean failed() {
        return error != null;
    }
}
