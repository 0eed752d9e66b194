package io.ghostwatch.core.fix;

import io.ghostwatch.core.config.TargetSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What kill-idle did on every node of a target ({@link IdleClientKiller#kill}), or in a dry run
 * ({@link IdleClientKiller#plan}) what it would have done at that moment.
 *
 * @param idleSeconds the threshold: connections idle at least this long were selected
 * @param nodes       the entry node first, then the others as discovered (cluster nodes, replicas)
 */
public record IdleKillResult(TargetSpec target, long idleSeconds, boolean dryRun, List<NodeIdleKill> nodes) {

    public IdleKillResult {
        nodes = List.copyOf(nodes);
    }

    /** Connections killed (dry run: that would be) on all nodes. */
    public int killed() {
        return nodes.stream().mapToInt(NodeIdleKill::killed).sum();
    }

    /** Client host -> connections killed over all nodes, most first, then in address order. */
    public Map<String, Integer> killedByAddress() {
        Map<String, Integer> all = new TreeMap<>();
        nodes.forEach(n -> n.killedByAddress().forEach((host, count) -> all.merge(host, count, Integer::sum)));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        all.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The nodes that could not be handled, or only in part. */
    public List<NodeIdleKill> failedNodes() {
        return nodes.stream().filter(NodeIdleKill::failed).toList();
    }

    /** True when every node was handled without error. */
    public boolean complete() {
        return failedNodes().isEmpty();
    }
}
