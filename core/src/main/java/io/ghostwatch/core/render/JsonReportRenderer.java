package io.ghostwatch.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.elasticache.CacheNode;
import io.ghostwatch.core.elasticache.CacheResource;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.NodeBasedCache;
import io.ghostwatch.core.elasticache.SecurityGroup;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.redis.ServerInfo;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.util.Collection;
import java.util.List;

/**
 * The stable JSON form of an audit (documented in the README). Built as a Jackson tree, never by string
 * formatting; field names do not change once published, new fields may be added.
 */
public final class JsonReportRenderer {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(AuditReport report) {
        try {
            return MAPPER.writeValueAsString(tree(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the report", e);
        }
    }

    public ObjectNode tree(AuditReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("startedAt", report.startedAt().toString());
        root.put("durationMs", report.durationMs());
        root.set("summary", summary(report));
        ArrayNode targets = root.putArray("targets");
        report.targets().forEach(t -> targets.add(target(t)));
        return root;
    }

    /** The report's {@code summary}: targets by status, failures by severity. */
    public ObjectNode summary(AuditReport report) {
        ObjectNode summary = MAPPER.createObjectNode();
        summary.put("targets", report.targets().size());
        for (AuditStatus s : AuditStatus.values()) {
            summary.put(s.name().toLowerCase(java.util.Locale.ROOT),
                    report.targets().stream().filter(t -> t.status() == s).count());
        }
        ObjectNode failures = summary.putObject("failures");
        report.failuresBySeverity().forEach((sev, n) -> failures.put(sev.name(), n));
        return summary;
    }

    /** One target of {@link #tree}'s {@code targets}. */
    public ObjectNode target(TargetReport t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", t.name());
        n.put("endpoint", t.target().uri());
        n.put("kind", t.kind().label());
        n.put("status", t.status().name());
        n.put("error", t.error());
        n.put("durationMs", t.durationMs());
        strings(n.putArray("warnings"), t.warnings());
        ObjectNode tags = n.putObject("tags");
        t.target().tags().forEach(tags::put);
        NodeSnapshot entry = t.entryNode().map(NodeReport::snapshot).orElse(null);
        if (entry != null) {
            n.set("facts", MAPPER.valueToTree(Facts.of(entry)));
            n.set("census", census(entry.census()));
        } else {
            n.putNull("facts");
            n.putNull("census");
        }
        ArrayNode nodes = n.putArray("nodes");
        for (NodeReport node : t.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("node", node.node().toString());
            o.put("role", node.role().label());
            o.put("status", node.status().name());
            o.put("error", node.error());
            if (node.snapshot() != null) {
                o.set("facts", MAPPER.valueToTree(Facts.of(node.snapshot())));
                o.set("census", census(node.snapshot().census()));
            }
        }
        if (entry != null && !entry.info().monitoredMasters().isEmpty()) {
            ArrayNode masters = n.putArray("monitoredMasters");
            for (ServerInfo.MonitoredMaster m : entry.info().monitoredMasters()) {
                masters.addObject().put("name", m.name()).put("status", m.status()).put("address", m.address())
                        .put("replicas", m.replicas()).put("sentinels", m.sentinels());
            }
        }
        if (t.elasticache() != null) {
            n.set("elasticache", elasticache(t.elasticache()));
        }
        ArrayNode findings = n.putArray("findings");
        t.findings().forEach(f -> findings.add(finding(f)));
        return n;
    }

    /** What the AWS APIs said about an ElastiCache cache; each fact a value, or {"error": why}. */
    private ObjectNode elasticache(ElastiCacheSnapshot s) {
        CacheResource c = s.resource();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", c.typeLabel());
        n.put("account", c.location().account());
        n.put("region", c.location().region());
        n.put("id", c.id());
        n.put("arn", c.arn());
        n.put("engine", c.engine());
        n.put("engineVersion", c.engineVersion());
        n.put("status", c.status());
        n.put("clusterMode", c instanceof NodeBasedCache nb && nb.clusterMode());
        n.put("port", c.port());
        n.put("endpoint", c.endpoint().map(Object::toString).orElse(null));
        ArrayNode nodes = n.putArray("nodes");
        for (CacheNode node : c.nodes()) {
            nodes.addObject().put("id", node.id()).put("cacheNodeId", node.cacheNodeId())
                    .put("endpoint", node.endpoint() == null ? null : node.endpoint().toString())
                    .put("role", node.role().label()).put("status", node.status())
                    .put("parameterGroup", node.parameterGroup()).put("parameterStatus", node.parameterStatus());
        }
        strings(n.putArray("securityGroupIds"), c.securityGroupIds());
        ObjectNode auth = n.putObject("auth");
        auth.put("authToken", c.auth().authToken());
        strings(auth.putArray("userGroups"), c.auth().userGroups());
        n.putObject("transitEncryption").put("enabled", c.transitEncryption().enabled())
                .put("mode", c.transitEncryption().mode());
        n.set("parameterGroup", readout(s.parameterGroup(), g -> {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("name", g.name()).put("family", g.family()).put("kind", g.kindLabel()).put("readWith", g.readWith());
            strings(o.putArray("usedBy"), g.usedBy());
            ObjectNode values = o.putObject("values");
            for (String name : List.of("timeout", "tcp-keepalive")) {
                g.parameter(name).ifPresent(p -> values.putObject(name).put("value", p.value()).put("source", p.source())
                        .put("changeType", p.changeType()).put("modifiable", p.modifiable()));
            }
            return o;
        }));
        n.set("securityGroups", readout(s.securityGroups(), groups -> {
            ArrayNode a = MAPPER.createArrayNode();
            for (SecurityGroup g : groups) {
                ObjectNode o = a.addObject().put("id", g.id()).put("name", g.name()).put("vpcId", g.vpcId());
                ArrayNode rules = o.putArray("inbound");
                for (SecurityGroup.IngressRule r : g.inbound()) {
                    ObjectNode rule = rules.addObject().put("protocol", r.protocol());
                    rule.put("fromPort", r.fromPort()).put("toPort", r.toPort());
                    strings(rule.putArray("sources"), r.sources());
                }
            }
            return a;
        }));
        n.set("subnets", readout(s.subnets(), subnets -> {
            ArrayNode a = MAPPER.createArrayNode();
            subnets.forEach(p -> a.addObject().put("subnetId", p.subnetId()).put("vpcId", p.vpcId())
                    .put("public", p.isPublic()).put("internetGateway", p.internetGateway()));
            return a;
        }));
        n.set("connections", readout(s.connections(), series -> {
            ObjectNode o = MAPPER.createObjectNode();
            series.forEach((node, points) -> {
                ObjectNode one = o.putObject(node);
                one.put("hourlyPoints", points.size());
                one.put("since", points.isEmpty() ? null : points.getFirst().time().toString());
                one.put("latest", points.isEmpty() ? null : points.getLast().connectedClients());
                one.put("max", points.stream().mapToLong(ConnectionPoint::connectedClients).max().orElse(0));
            });
            return o;
        }));
        return n;
    }

    private static <T> com.fasterxml.jackson.databind.JsonNode readout(Readout<T> r,
            java.util.function.Function<T, ? extends com.fasterxml.jackson.databind.JsonNode> render) {
        return switch (r) {
            case Readout.Known<T>(T value) -> render.apply(value);
            case Readout.Unreadable<T>(String reason) -> MAPPER.createObjectNode().put("error", reason);
        };
    }

    private ObjectNode census(Readout<ClientCensus> readout) {
        ObjectNode n = MAPPER.createObjectNode();
        switch (readout) {
            case Readout.Unreadable<ClientCensus> u -> {
                n.putNull("connections");
                n.putArray("clients");
                n.putNull("skipped");
                n.put("error", u.reason());
            }
            case Readout.Known<ClientCensus>(ClientCensus c) -> {
                n.put("connections", c.connections());
                n.put("probableGhosts", c.probableGhosts());
                n.put("ghostIdleSeconds", c.ghostIdleSeconds());
                ArrayNode clients = n.putArray("clients");
                for (ClientCensus.AddressCensus a : c.addresses()) {
                    ObjectNode o = clients.addObject();
                    o.put("address", a.address());
                    o.put("connections", a.connections());
                    ObjectNode idle = o.putObject("idleOverSeconds");
                    a.idleOverSeconds().forEach((k, v) -> idle.put(Long.toString(k), v));
                    o.put("oldestAgeSeconds", a.oldestAgeSeconds());
                    o.put("maxIdleSeconds", a.maxIdleSeconds());
                    o.put("probableGhosts", a.probableGhosts());
                    o.put("exemptFromTimeout", a.exempt());
                    strings(o.putArray("names"), a.names());
                    o.put("namesOmitted", a.namesOmitted());
                    ObjectNode flags = o.putObject("flags");
                    a.flags().forEach(flags::put);
                }
                ObjectNode idle = n.putObject("idleHistogram");
                ArrayNode bounds = idle.putArray("upperBoundsSeconds");
                io.ghostwatch.core.redis.IdleHistogram.BOUNDS.forEach(bounds::add);
                ArrayNode counts = idle.putArray("counts");
                c.idle().counts().forEach(counts::add);
                n.put("skipped", c.skipped());
                n.putNull("error");
            }
        }
        return n;
    }

    private ObjectNode finding(Finding f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("checkId", f.checkId());
        n.put("node", f.node());
        n.put("status", f.status().name());
        n.put("severity", f.severity() == null ? null : f.severity().name());
        n.put("detail", f.detail());
        ObjectNode evidence = n.putObject("evidence");
        f.evidence().forEach(evidence::put);
        if (f.fix() == null) {
            n.putNull("fix");
        } else {
            n.set("fix", fix(f.fix()));
        }
        return n;
    }

    static ObjectNode fix(FixPlan plan) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("summary", plan.summary());
        n.put("automatable", plan.automatable());
        strings(n.putArray("commands"), plan.commands());
        ArrayNode steps = n.putArray("steps");
        for (FixStep step : plan.steps()) {
            steps.addObject().put("kind", switch (step) {
                case FixStep.SetParameter s -> "set_parameter";
                case FixStep.PersistConfig p -> "persist_config";
                case FixStep.ManualStep m -> "manual";
                case FixStep.ModifyParameterGroup m -> "modify_parameter_group";
                case FixStep.CreateParameterGroup c -> "create_parameter_group";
                case FixStep.AttachParameterGroup a -> "attach_parameter_group";
            }).put("command", step.command()).put("explanation", step.explanation());
        }
        return n;
    }

    private static void strings(ArrayNode array, Collection<String> values) {
        values.forEach(array::add);
    }
}
