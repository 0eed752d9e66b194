package io.ghostwatch.core.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A SAM/CloudFormation template read as SnakeYAML's node tree. Composing (not constructing) keeps the
 * CloudFormation short-form tags ({@code !Ref}, {@code !Sub}, {@code !If} ...) as plain node tags instead of
 * failing on them, and never instantiates anything. Also knows SAM's Globals merge rules and which logical IDs
 * SAM generates, so references can be checked before a deploy would find them.
 */
public final class CfnTemplate {

    public static final String SAM_FUNCTION = "AWS::Serverless::Function";

    /** Pseudo parameters CloudFormation resolves by itself. */
    public static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private final Path file;
    private final Map<String, Node> root;

    private CfnTemplate(Path file, Map<String, Node> root) {
        this.file = file;
        this.root = root;
    }

    public static CfnTemplate load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node node;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            node = new Yaml(options).compose(reader);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (node == null) {
            throw new AssertionError(file + " is empty");
        }
        return new CfnTemplate(file, map(node, file.getFileName().toString()));
    }

    public Path file() {
        return file;
    }

    /** A top-level value such as Transform, or null. */
    public Node top(String key) {
        return root.get(key);
    }

    /** A top-level section (Parameters, Resources ...) as a map; empty when the template has none. */
    public Map<String, Node> section(String name) {
        Node node = root.get(name);
        return node == null ? Map.of() : map(node, name);
    }

    /** Logical IDs of the AWS::Serverless::Function resources, in template order. */
    public List<String> functionIds() {
        return resourcesOfType(SAM_FUNCTION);
    }

    /** The resource's own Properties (before Globals), empty when it has none. */
    public Map<String, Node> properties(String logicalId) {
        Node resource = section("Resources").get(logicalId);
        if (resource == null) {
            throw new AssertionError(file + ": no resource " + logicalId);
        }
        Node props = map(resource, "Resources." + logicalId).get("Properties");
        return props == null ? Map.of() : map(props, "Resources." + logicalId + ".Properties");
    }

    /**
     * A function property as SAM sees it after applying {@code Globals.Function}: maps merge key by key
     * (recursively), lists concatenate, anything else (including an intrinsic function) is taken from the
     * function when it has one. Null when neither sets it.
     */
    public Node effectiveFunctionProperty(String logicalId, String key) {
        Node local = properties(logicalId).get(key);
        Node globals = section("Globals").get("Function");
        Node global = globals == null ? null : map(globals, "Globals.Function").get(key);
        return mergeSamGlobals(global, local);
    }

    public static Node mergeSamGlobals(Node global, Node local) {
        if (global == null) {
            return local;
        }
        if (local == null) {
            return global;
        }
        Kind g = kind(global);
        Kind l = kind(local);
        if (g != l || g == Kind.PRIMITIVE) {
            return local;
        }
        if (g == Kind.LIST) {
            List<Node> items = new ArrayList<>(((SequenceNode) global).getValue());
            items.addAll(((SequenceNode) local).getValue());
            return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
        }
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) global).getValue()) {
            merged.put(keyOf(t), t);
        }
        for (NodeTuple t : ((MappingNode) local).getValue()) {
            NodeTuple existing = merged.get(keyOf(t));
            merged.put(keyOf(t), existing == null ? t
                    : new NodeTuple(t.getKeyNode(), mergeSamGlobals(existing.getValueNode(), t.getValueNode())));
        }
        return new MappingNode(Tag.MAP, new ArrayList<>(merged.values()), DumperOptions.FlowStyle.BLOCK);
    }

    private enum Kind { PRIMITIVE, DICT, LIST }

    private static Kind kind(Node node) {
        if (intrinsicName(node) != null) {
            return Kind.PRIMITIVE; // SAM treats intrinsics like primitives: they resolve to one value
        }
        return node instanceof MappingNode ? Kind.DICT : node instanceof SequenceNode ? Kind.LIST : Kind.PRIMITIVE;
    }

    /**
     * The intrinsic function a node is, in long form ("Ref", "Fn::If", "Fn::GetAtt", "Condition"), or null.
     * Short form is a local tag ({@code !If}); long form a one-key mapping ({@code Fn::If: [...]}).
     */
    public static String intrinsicName(Node node) {
        String tag = node.getTag().getValue();
        if (tag.startsWith("!")) {
            String name = tag.substring(1);
            return name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
        }
        if (node instanceof MappingNode m && m.getValue().size() == 1) {
            String key = keyOf(m.getValue().getFirst());
            if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                return key;
            }
        }
        return null;
    }

    /** The argument of an intrinsic function node (the tagged node itself, or the one-key mapping's value). */
    public static Node intrinsicArgument(Node node) {
        if (node.getTag().getValue().startsWith("!")) {
            return node;
        }
        return ((MappingNode) node).getValue().getFirst().getValueNode();
    }

    /** A name referenced somewhere: kind is Ref, GetAtt or Condition. */
    public record Reference(String kind, String name, String where) {
    }

    /** Every Ref, GetAtt, ${} in Sub and condition name used in Resources, Outputs, Conditions and Rules. */
    public List<Reference> references() {
        List<Reference> out = new ArrayList<>();
        for (String section : List.of("Conditions", "Rules", "Resources", "Outputs")) {
            Node node = root.get(section);
            if (node != null) {
                collect(node, section, out);
            }
        }
        return out;
    }

    private static void collect(Node node, String where, List<Reference> out) {
        String intrinsic = intrinsicName(node);
        if (intrinsic != null) {
            Node arg = intrinsicArgument(node);
            switch (intrinsic) {
                case "Ref" -> out.add(new Reference("Ref", scalar(arg, where), where));
                case "Condition" -> out.add(new Reference("Condition", scalar(arg, where), where));
                case "Fn::GetAtt" -> {
                    String target = arg instanceof SequenceNode s ? scalar(s.getValue().getFirst(), where)
                            : scalar(arg, where).split("\\.", 2)[0];
                    out.add(new Reference("GetAtt", target, where));
                }
                case "Fn::Sub" -> {
                    Node text = arg instanceof SequenceNode s ? s.getValue().getFirst() : arg;
                    Set<String> local = new LinkedHashSet<>();
                    if (arg instanceof SequenceNode s && s.getValue().size() > 1) {
                        local.addAll(map(s.getValue().get(1), where).keySet());
                        collect(s.getValue().get(1), where, out);
                    }
                    Matcher m = SUB_VARIABLE.matcher(scalar(text, where));
                    while (m.find()) {
                        String variable = m.group(1).trim();
                        if (local.contains(variable)) {
                            continue;
                        }
                        out.add(variable.contains(".") && !variable.startsWith("AWS::")
                                ? new Reference("GetAtt", variable.split("\\.", 2)[0], where)
                                : new Reference("Ref", variable, where));
                    }
                }
                case "Fn::If" -> {
                    List<Node> args = ((SequenceNode) arg).getValue();
                    out.add(new Reference("Condition", scalar(args.getFirst(), where), where));
                    for (int i = 1; i < args.size(); i++) {
                        collect(args.get(i), where, out);
                    }
                }
                default -> collectChildren(arg, where, out);
            }
            return;
        }
        collectChildren(node, where, out);
    }

    private static void collectChildren(Node node, String where, List<Reference> out) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = keyOf(t);
                if (key.equals("Condition") && t.getValueNode() instanceof ScalarNode s) {
                    out.add(new Reference("Condition", s.getValue(), where + "." + key)); // resource attribute
                } else {
                    collect(t.getValueNode(), where + "." + key, out);
                }
            }
        } else if (node instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                collect(s.getValue().get(i), where + "[" + i + "]", out);
            }
        }
    }

    /**
     * Logical IDs SAM adds when it transforms a function or a state machine: its execution role ({@code <Id>Role},
     * unless it names its own Role) and one resource per event ({@code <Id><Event>}, e.g. the EventBridge rule of a
     * Schedule event); and the names SAM lets a {@code Ref} use for a function that publishes an alias
     * ({@code AutoPublishAlias}, its own or from Globals): {@code <Function>.Alias} and {@code <Function>.Version}.
     */
    public Set<String> samGeneratedIds() {
        Set<String> ids = new LinkedHashSet<>();
        List<String> generators = new ArrayList<>(functionIds());
        generators.addAll(resourcesOfType("AWS::Serverless::StateMachine"));
        for (String id : generators) {
            Map<String, Node> props = properties(id);
            if (!props.containsKey("Role")) {
                ids.add(id + "Role");
            }
            if (props.containsKey("Events")) {
                map(props.get("Events"), id + ".Events").keySet().forEach(event -> ids.add(id + event));
            }
        }
        for (String function : functionIds()) {
            if (effectiveFunctionProperty(function, "AutoPublishAlias") != null) {
                ids.add(function + ".Alias");
                ids.add(function + ".Version");
            }
        }
        return ids;
    }

    /** Logical IDs of the resources of a type, in template order. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        section("Resources").forEach((id, resource) -> {
            Node t = map(resource, "Resources." + id).get("Type");
            if (t != null && type.equals(scalar(t, "Resources." + id + ".Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * One Allow statement of a function's inline policies.
     *
     * @param resources each resource as "GetAtt X.Arn", "Ref X", "Sub ...", "Split ParameterName" or "*"
     * @param condition the condition the statement's policy is under ({@code !If [Cond, {...}, !Ref AWS::NoValue]}),
     *                  or null
     */
    public record PolicyStatement(List<String> actions, List<String> resources, String condition) {
    }

    /**
     * Every statement of a SAM function's (or state machine's) {@code Policies}, failing on anything but inline Allow statements: no SAM
     * policy templates, no managed policies, no Deny, no wildcard in an action, and an {@code !If} only between a
     * policy and {@code !Ref AWS::NoValue}.
     */
    public List<PolicyStatement> policyStatements(String function) {
        List<PolicyStatement> out = new ArrayList<>();
        Node policies = properties(function).get("Policies");
        if (policies == null) {
            return out;
        }
        for (Node policy : ((SequenceNode) policies).getValue()) {
            String condition = null;
            if ("Fn::If".equals(intrinsicName(policy))) {
                List<Node> branches = ((SequenceNode) intrinsicArgument(policy)).getValue();
                condition = scalar(branches.get(0), function + ".Policies[] !If condition");
                if (!"Ref".equals(intrinsicName(branches.get(2)))
                        || !scalar(intrinsicArgument(branches.get(2)), "Ref").equals("AWS::NoValue")) {
                    throw new AssertionError(function + ": a conditional policy (line " + line(policy)
                            + ") must be !If [condition, policy, !Ref AWS::NoValue]");
                }
                policy = branches.get(1);
            }
            Map<String, Node> p = map(policy, function + ".Policies[]");
            if (!p.keySet().equals(Set.of("Statement"))) {
                throw new AssertionError(function + ".Policies[] (line " + line(policy) + ") must be inline statements"
                        + " only, not a SAM policy template or a managed policy: " + p.keySet());
            }
            for (Node statement : ((SequenceNode) p.get("Statement")).getValue()) {
                Map<String, Node> st = map(statement, "Statement");
                if (!scalar(st.get("Effect"), "Effect").equals("Allow")) {
                    throw new AssertionError(function + ": only Allow statements (line " + line(statement) + ")");
                }
                List<String> actions = scalars(st.get("Action"), "Action");
                for (String a : actions) {
                    if (a.contains("*")) {
                        throw new AssertionError(function + ": wildcard action " + a + " (line " + line(statement) + ")");
                    }
                }
                Node resource = st.get("Resource");
                List<Node> resources = resource instanceof SequenceNode seq && intrinsicName(resource) == null
                        ? seq.getValue() : List.of(resource);
                List<String> names = new ArrayList<>();
                for (Node r : resources) {
                    String intrinsic = intrinsicName(r);
                    names.add(switch (intrinsic) {
                        case "Fn::GetAtt" -> "GetAtt " + scalar(intrinsicArgument(r), "GetAtt");
                        case "Fn::Sub" -> "Sub " + scalar(intrinsicArgument(r), "Sub");
                        case "Ref" -> "Ref " + scalar(intrinsicArgument(r), "Ref");
                        case "Fn::Split" -> "Split " + scalar(intrinsicArgument(((SequenceNode) intrinsicArgument(r))
                                .getValue().get(1)), "Split Ref");
                        case null -> scalar(r, "Resource");
                        default -> throw new AssertionError(function + ": unexpected resource " + intrinsic + " (line "
                                + line(r) + ")");
                    });
                }
                out.add(new PolicyStatement(actions, names, condition));
            }
        }
        return out;
    }

    /** The actions allowed per resource name (as {@link PolicyStatement#resources()} names them), in order. */
    public Map<String, List<String>> actionsByResource(String function) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (PolicyStatement st : policyStatements(function)) {
            for (String r : st.resources()) {
                out.computeIfAbsent(r, k -> new ArrayList<>()).addAll(st.actions());
            }
        }
        return out;
    }

    // --- node helpers ---------------------------------------------------------------------------------

    /** A mapping's entries by key, in order; fails on a non-mapping or a duplicate key. */
    public static Map<String, Node> map(Node node, String where) {
        if (!(node instanceof MappingNode m)) {
            throw new AssertionError(where + " (line " + line(node) + ") must be a mapping");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (entries.put(keyOf(t), t.getValueNode()) != null) {
                throw new AssertionError(where + "." + keyOf(t) + " (line " + line(t.getKeyNode()) + ") is a duplicate key");
            }
        }
        return entries;
    }

    public static String scalar(Node node, String where) {
        if (!(node instanceof ScalarNode s)) {
            throw new AssertionError(where + " (line " + line(node) + ") must be a single value");
        }
        return s.getValue();
    }

    public static List<String> scalars(Node node, String where) {
        if (!(node instanceof SequenceNode s)) {
            throw new AssertionError(where + " (line " + line(node) + ") must be a list");
        }
        return s.getValue().stream().map(n -> scalar(n, where)).toList();
    }

    public static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static String keyOf(NodeTuple t) {
        return scalar(t.getKeyNode(), "key");
    }
}
