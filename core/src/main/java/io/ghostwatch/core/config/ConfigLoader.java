package io.ghostwatch.core.config;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the YAML config file. It works on SnakeYAML's node tree (no object construction, so no YAML tags
 * can instantiate anything) and keeps every node's line, so each error reads
 * {@code ghostwatch.yaml:12: targets[2].port: 'abc' is not a whole number (valid: 1..65535)}.
 * Unknown keys are errors that list the valid keys.
 */
public final class ConfigLoader {

    static final List<String> TOP_LEVEL_KEYS = List.of("targets", "policy", "slack", "mutes", "elasticache");
    static final List<String> ELASTICACHE_KEYS = List.of("regions", "accounts", "connect");
    static final List<String> ACCOUNT_KEYS = List.of("name", "roleArn", "externalId", "regions");
    static final List<String> CONNECT_KEYS = List.of("match", "user", "password");
    static final List<String> TARGET_KEYS = List.of("name", "uri", "host", "port", "tls", "tlsCaFile", "user", "password", "tags");
    static final List<String> SLACK_KEYS = List.of("channel", "botToken", "quietRuns", "maxListed", "maxThreadMessages",
            "approvalsChannel",
            "approvers", "approverGroup", "approvalTtlMinutes", "changeRetentionDays");
    static final List<String> APPROVAL_KEYS = List.of("approvers", "approverGroup", "approvalTtlMinutes",
            "changeRetentionDays");
    /** A Slack user ID as the profile's "Copy member ID" gives it. */
    static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{8,20}");
    /** A Slack user group ID (S...), as usergroups.list returns it. */
    static final Pattern USER_GROUP_ID = Pattern.compile("S[A-Z0-9]{8,20}");
    static final List<String> MUTE_KEYS = List.of("check", "target", "tag", "reason", "expires");
    /** A channel ID (public C..., private G..., direct D...) as Slack shows it in the channel's details. */
    static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{8,20}");
    /** A channel name as Slack allows it: lowercase letters, digits, '-', '_', '.'; up to 80 characters. */
    static final Pattern CHANNEL_NAME = Pattern.compile("#?[a-z0-9][a-z0-9._-]{0,79}");

    private final String fileName;

    private ConfigLoader(String fileName) {
        this.fileName = fileName;
    }

    public static GhostwatchConfig load(Path file) {
        return parse(read(file), file.toString());
    }

    /**
     * A config file's text, for {@link #parse} (and, where its content is named, {@link
     * io.ghostwatch.core.run.ConfigDigest}) from one read.
     *
     * @throws ConfigException naming the file when it is missing, unreadable or not UTF-8
     */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config file (" + e.getMessage() + ")", e);
        }
    }

    public static GhostwatchConfig parse(String text, String fileName) {
        return new ConfigLoader(fileName).parseDocument(text);
    }

    private GhostwatchConfig parseDocument(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(4 * 1024 * 1024);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(fileName + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(fileName + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return GhostwatchConfig.empty();
        }
        Map<String, NodeTuple> top = mapping(root, "the document");
        checkKeys(top, TOP_LEVEL_KEYS, "");
        Policy policy = top.containsKey("policy") ? policy(top.get("policy").getValueNode()) : Policy.defaults();
        List<TargetSpec> targets = top.containsKey("targets") ? targets(top.get("targets").getValueNode()) : List.of();
        SlackConfig slack = top.containsKey("slack") ? slack(top.get("slack").getValueNode()) : null;
        ElastiCacheConfig elasticache = top.containsKey("elasticache")
                ? elasticache(top.get("elasticache").getValueNode()) : null;
        List<Mute> mutes = top.containsKey("mutes")
                ? mutes(top.get("mutes").getValueNode(), targets, elasticache != null) : List.of();
        return new GhostwatchConfig(targets, policy, slack, mutes, elasticache);
    }

    private ElastiCacheConfig elasticache(Node node) {
        Map<String, NodeTuple> m = mapping(node, "elasticache");
        checkKeys(m, ELASTICACHE_KEYS, "elasticache.");
        List<String> regions = m.containsKey("regions") ? regions(m.get("regions").getValueNode(), "elasticache.regions")
                : List.of();
        List<ElastiCacheConfig.Account> accounts = new ArrayList<>();
        if (m.containsKey("accounts")) {
            Node list = m.get("accounts").getValueNode();
            if (!(list instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                throw error(list, "elasticache.accounts", "must be a list of accounts (each item starting with"
                        + " '- name: ...'); leave it out to audit only the account of the credentials Ghostwatch runs with");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                ElastiCacheConfig.Account account = account(item, "elasticache.accounts[" + i + "]", regions);
                if (!names.add(account.name())) {
                    throw error(item, "elasticache.accounts[" + i + "].name", "'" + account.name()
                            + "' is used by an earlier account; names must be unique");
                }
                accounts.add(account);
            }
        } else {
            if (regions.isEmpty()) {
                throw error(node, "elasticache.regions", "is required: the regions to search for caches, e.g."
                        + " [us-east-1, eu-west-1]");
            }
            accounts.add(new ElastiCacheConfig.Account(io.ghostwatch.core.elasticache.CacheLocation.DEFAULT_ACCOUNT,
                    null, null, regions));
        }
        List<ElastiCacheConfig.DirectConnection> connect = new ArrayList<>();
        if (m.containsKey("connect")) {
            Node list = m.get("connect").getValueNode();
            if (!(list instanceof SequenceNode seq)) {
                throw error(list, "elasticache.connect", "must be a list (each item starting with '- match: ...')");
            }
            for (int i = 0; i < seq.getValue().size(); i++) {
                connect.add(directConnection(seq.getValue().get(i), "elasticache.connect[" + i + "]"));
            }
        }
        return new ElastiCacheConfig(accounts, connect);
    }

    private ElastiCacheConfig.Account account(Node node, String path, List<String> defaultRegions) {
        Map<String, NodeTuple> m = mapping(node, path);
        checkKeys(m, ACCOUNT_KEYS, path + ".");
        if (!m.containsKey("name")) {
            throw error(node, path + ".name", "is required: the label this account's caches are named by"
                    + " (prod -> prod/us-east-1/orders)");
        }
        Node nameNode = m.get("name").getValueNode();
        String name = scalar(nameNode, path + ".name").strip();
        if (!io.ghostwatch.core.elasticache.CacheLocation.ACCOUNT_LABEL.matcher(name).matches()) {
            throw error(nameNode, path + ".name", "'" + name + "' is not a valid account label (letters, digits, '.',"
                    + " '_', '-'; up to 64 characters; no '/')");
        }
        String roleArn = null;
        if (m.containsKey("roleArn")) {
            Node r = m.get("roleArn").getValueNode();
            roleArn = scalar(r, path + ".roleArn").strip();
            if (!ElastiCacheConfig.ROLE_ARN.matcher(roleArn).matches()) {
                throw error(r, path + ".roleArn", "'" + roleArn + "' is not an IAM role ARN (valid form:"
                        + " arn:aws:iam::123456789012:role/ghostwatch-audit)");
            }
        }
        String externalId = null;
        if (m.containsKey("externalId")) {
            Node e = m.get("externalId").getValueNode();
            if (roleArn == null) {
                throw error(e, path + ".externalId", "is only used when assuming a role: give roleArn too");
            }
            externalId = scalar(e, path + ".externalId").strip();
            if (!ElastiCacheConfig.EXTERNAL_ID.matcher(externalId).matches()) {
                throw error(e, path + ".externalId", "is not a valid external ID (2-1224 characters: letters, digits"
                        + " and + = , . @ : / _ -); the value is not shown here");
            }
        }
        List<String> regions = m.containsKey("regions") ? regions(m.get("regions").getValueNode(), path + ".regions")
                : defaultRegions;
        if (regions.isEmpty()) {
            throw error(node, path + ".regions", "is required here, or give elasticache.regions for every account"
                    + " (e.g. [us-east-1])");
        }
        return new ElastiCacheConfig.Account(name, roleArn, externalId, regions);
    }

    private List<String> regions(Node node, String path) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw error(node, path, "must be a list of AWS region codes, e.g. [us-east-1, eu-west-1]");
        }
        List<String> regions = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String region = scalar(item, path + "[" + i + "]").strip();
            if (!io.ghostwatch.core.elasticache.CacheLocation.REGION.matcher(region).matches()) {
                throw error(item, path + "[" + i + "]", "'" + region + "' is not an AWS region code (valid form:"
                        + " us-east-1, eu-central-2, ap-southeast-4)");
            }
            if (regions.contains(region)) {
                throw error(item, path + "[" + i + "]", "'" + region + "' is listed twice");
            }
            regions.add(region);
        }
        return regions;
    }

    private ElastiCacheConfig.DirectConnection directConnection(Node node, String path) {
        Map<String, NodeTuple> m = mapping(node, path);
        checkKeys(m, CONNECT_KEYS, path + ".");
        if (!m.containsKey("match")) {
            throw error(node, path + ".match", "is required: a glob over cache names, e.g. prod/us-east-1/orders*");
        }
        Node matchNode = m.get("match").getValueNode();
        String match = scalar(matchNode, path + ".match").strip();
        if (match.split("/", -1).length != 3) {
            throw error(matchNode, path + ".match", "'" + match + "' does not have the form of a cache name"
                    + " (" + io.ghostwatch.core.elasticache.CacheName.VALID_FORM + "; '*' matches within a part)");
        }
        try {
            java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + match);
        } catch (IllegalArgumentException e) {
            throw error(matchNode, path + ".match", "'" + match + "' is not a valid glob (" + e.getMessage() + ")");
        }
        String user = m.containsKey("user") ? scalar(m.get("user").getValueNode(), path + ".user").strip() : null;
        SecretRef password = null;
        if (m.containsKey("password")) {
            Node p = m.get("password").getValueNode();
            password = SecretRef.parse(scalar(p, path + ".password"), where(p, path + ".password"));
        }
        return new ElastiCacheConfig.DirectConnection(match, user, password);
    }

    private SlackConfig slack(Node node) {
        Map<String, NodeTuple> m = mapping(node, "slack");
        checkKeys(m, SLACK_KEYS, "slack.");
        for (String required : List.of("channel", "botToken")) {
            if (!m.containsKey(required)) {
                throw error(node, "slack." + required, "is required (" + (required.equals("channel")
                        ? "a channel ID like C0123ABCD, or a public channel's name like #ghostwatch"
                        : "a reference to the bot token: " + SecretRef.VALID_FORMS) + ")");
            }
        }
        Node channelNode = m.get("channel").getValueNode();
        String channel = scalar(channelNode, "slack.channel").strip();
        if (!CHANNEL_ID.matcher(channel).matches() && !CHANNEL_NAME.matcher(channel).matches()) {
            throw error(channelNode, "slack.channel", "'" + channel + "' is neither a channel ID (C, G or D and 8-20"
                    + " capital letters or digits, e.g. C0123ABCD) nor a channel name (#ghostwatch: lowercase letters,"
                    + " digits, '-', '_', '.')");
        }
        Node tokenNode = m.get("botToken").getValueNode();
        String tokenText = scalar(tokenNode, "slack.botToken");
        if (!tokenText.startsWith("env:") && !tokenText.startsWith("file:") && !tokenText.startsWith("secret:")) {
            throw error(tokenNode, "slack.botToken", "the bot token must be a reference (" + SecretRef.VALID_FORMS
                    + "), not the token itself: the value given is not shown here; move it to an environment variable,"
                    + " a file or AWS Secrets Manager");
        }
        SecretRef token = SecretRef.parse(tokenText, where(tokenNode, "slack.botToken"));
        SlackConfig.QuietRuns quiet = SlackConfig.QuietRuns.POST;
        if (m.containsKey("quietRuns")) {
            Node q = m.get("quietRuns").getValueNode();
            String text = scalar(q, "slack.quietRuns");
            quiet = java.util.Arrays.stream(SlackConfig.QuietRuns.values()).filter(v -> v.configValue().equals(text))
                    .findFirst().orElseThrow(() -> error(q, "slack.quietRuns", "'" + text + "' is not valid (valid: "
                            + "post = one line 'all quiet / N still open', skip = post nothing)"));
        }
        int maxListed = SlackConfig.DEFAULT_MAX_LISTED;
        if (m.containsKey("maxListed")) {
            Node n = m.get("maxListed").getValueNode();
            String text = scalar(n, "slack.maxListed");
            try {
                maxListed = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                maxListed = -1;
            }
            if (maxListed < 1 || maxListed > SlackConfig.MAX_LISTED) {
                throw error(n, "slack.maxListed", "'" + text + "' is not valid (valid: 1.." + SlackConfig.MAX_LISTED
                        + ", findings listed in the digest before 'and N more'; a message holds at most 50 blocks)");
            }
        }
        int threadMessages = SlackConfig.DEFAULT_MAX_THREAD_MESSAGES;
        if (m.containsKey("maxThreadMessages")) {
            Node n = m.get("maxThreadMessages").getValueNode();
            String text = scalar(n, "slack.maxThreadMessages");
            try {
                threadMessages = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                threadMessages = -1;
            }
            if (threadMessages < SlackConfig.MIN_THREAD_MESSAGES || threadMessages > SlackConfig.MAX_THREAD_MESSAGES) {
                throw error(n, "slack.maxThreadMessages", "'" + text + "' is not valid (valid: "
                        + SlackConfig.MIN_THREAD_MESSAGES + ".." + SlackConfig.MAX_THREAD_MESSAGES + ", messages in the"
                        + " digest's thread before the remaining details go into a file; Slack posts about one a second)");
            }
        }
        return new SlackConfig(channel, token, quiet, maxListed, threadMessages, approvals(m));
    }

    private SlackConfig.Approvals approvals(Map<String, NodeTuple> m) {
        if (!m.containsKey("approvalsChannel")) {
            for (String key : APPROVAL_KEYS) {
                if (m.containsKey(key)) {
                    throw error(m.get(key).getKeyNode(), "slack." + key, "needs slack.approvalsChannel (the channel"
                            + " where approval requests are posted)");
                }
            }
            return null;
        }
        Node channelNode = m.get("approvalsChannel").getValueNode();
        String channel = scalar(channelNode, "slack.approvalsChannel").strip();
        if (!CHANNEL_ID.matcher(channel).matches() && !CHANNEL_NAME.matcher(channel).matches()) {
            throw error(channelNode, "slack.approvalsChannel", "'" + channel + "' is neither a channel ID (e.g."
                    + " C0123ABCD) nor a channel name (#ghostwatch-approvals)");
        }
        List<String> approvers = new ArrayList<>();
        if (m.containsKey("approvers")) {
            Node list = m.get("approvers").getValueNode();
            if (!(list instanceof SequenceNode seq)) {
                throw error(list, "slack.approvers", "must be a list of Slack user IDs, e.g. [U0123ABCD, U0456EFGH]");
            }
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String id = scalar(item, "slack.approvers[" + i + "]").strip();
                if (!USER_ID.matcher(id).matches()) {
                    throw error(item, "slack.approvers[" + i + "]", "'" + id + "' is not a Slack user ID (U or W and"
                            + " 8-20 capital letters or digits, e.g. U0123ABCD: the profile's \"Copy member ID\"; names"
                            + " and e-mail addresses can change hands, IDs cannot)");
                }
                if (approvers.contains(id)) {
                    throw error(item, "slack.approvers[" + i + "]", "'" + id + "' is listed twice");
                }
                approvers.add(id);
            }
        }
        String group = null;
        if (m.containsKey("approverGroup")) {
            Node g = m.get("approverGroup").getValueNode();
            group = scalar(g, "slack.approverGroup").strip();
            if (!USER_GROUP_ID.matcher(group).matches()) {
                throw error(g, "slack.approverGroup", "'" + group + "' is not a Slack user group ID (S and 8-20 capital"
                        + " letters or digits, e.g. S0123ABCD; the @handle is not accepted: it can be renamed)");
            }
        }
        if (approvers.isEmpty() && group == null) {
            throw error(channelNode, "slack.approvalsChannel", "is set but nobody may approve: give"
                    + " slack.approvers (user IDs) or slack.approverGroup (a user group ID), or both");
        }
        int ttl = boundedInt(m, "approvalTtlMinutes", SlackConfig.Approvals.DEFAULT_TTL_MINUTES, 1,
                SlackConfig.Approvals.MAX_TTL_MINUTES, "minutes an approval request stays approvable");
        int retention = boundedInt(m, "changeRetentionDays", SlackConfig.Approvals.DEFAULT_RETENTION_DAYS,
                SlackConfig.Approvals.MIN_RETENTION_DAYS, SlackConfig.Approvals.MAX_RETENTION_DAYS,
                "days every change and who did what are kept");
        return new SlackConfig.Approvals(channel, approvers, group, ttl, retention);
    }

    private int boundedInt(Map<String, NodeTuple> m, String key, int defaultValue, int min, int max, String meaning) {
        if (!m.containsKey(key)) {
            return defaultValue;
        }
        Node n = m.get(key).getValueNode();
        String text = scalar(n, "slack." + key);
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            value = Integer.MIN_VALUE;
        }
        if (value < min || value > max) {
            throw error(n, "slack." + key, "'" + text + "' is not valid (valid: " + min + ".." + max + ", " + meaning
                    + ")");
        }
        return value;
    }

    private List<Mute> mutes(Node node, List<TargetSpec> targets, boolean elasticache) {
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, "mutes", "must be a list of mutes (each item starting with '- check: ...')");
        }
        List<Mute> mutes = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            mutes.add(mute(seq.getValue().get(i), "mutes[" + i + "]", targets, elasticache));
        }
        return mutes;
    }

    private Mute mute(Node node, String path, List<TargetSpec> targets, boolean elasticache) {
        Map<String, NodeTuple> m = mapping(node, path);
        checkKeys(m, MUTE_KEYS, path + ".");
        for (String required : List.of("check", "reason", "expires")) {
            if (!m.containsKey(required)) {
                throw error(node, path + "." + required, "is required: a mute names the check, says why, and ends"
                        + " (keys: check, target or tag, reason, expires)");
            }
        }
        Node checkNode = m.get("check").getValueNode();
        String check = scalar(checkNode, path + ".check");
        List<String> checkIds = io.ghostwatch.core.check.CheckCatalogue.ids();
        if (!checkIds.contains(check)) {
            throw error(checkNode, path + ".check", "'" + check + "' is not a check ID (valid: "
                    + String.join(", ", checkIds) + ")");
        }
        if (m.containsKey("target") == m.containsKey("tag")) {
            throw error(node, path, "give exactly one of 'target' (a target's name) or 'tag' (key=value, e.g."
                    + " team=payments)");
        }
        Mute.Scope scope = m.containsKey("target")
                ? muteTarget(m.get("target").getValueNode(), path + ".target", targets, elasticache)
                : muteTag(m.get("tag").getValueNode(), path + ".tag", targets, elasticache);
        Node reasonNode = m.get("reason").getValueNode();
        String reason = scalar(reasonNode, path + ".reason").strip();
        if (reason.isEmpty()) {
            throw error(reasonNode, path + ".reason", "is empty: say why the finding is accepted, for whoever reads"
                    + " the digest next");
        }
        Node expiresNode = m.get("expires").getValueNode();
        Instant expires = expires(expiresNode, path + ".expires");
        return new Mute(check, scope, reason, expires, where(node, path));
    }

    private Mute.Scope muteTarget(Node node, String path, List<TargetSpec> targets, boolean elasticache) {
        String name = scalar(node, path);
        if (elasticache && io.ghostwatch.core.elasticache.CacheName.parse(name).isPresent()) {
            return new Mute.Scope.Target(name); // an ElastiCache cache: known only once discovered
        }
        List<String> names = targets.stream().map(TargetSpec::name).toList();
        if (name.isBlank()) {
            throw error(node, path, "is empty (valid: a target's name" + (names.isEmpty() ? "" : ": "
                    + String.join(", ", names)) + ")");
        }
        if (!targets.isEmpty() && !names.contains(name)) {
            throw error(node, path, "'" + name + "' is not a target in this file (valid: " + String.join(", ", names) + ")");
        }
        return new Mute.Scope.Target(name);
    }

    private Mute.Scope muteTag(Node node, String path, List<TargetSpec> targets, boolean elasticache) {
        String text = scalar(node, path);
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw error(node, path, "'" + text + "' is not key=value (valid form: team=payments)");
        }
        Mute.Scope.Tag tag = new Mute.Scope.Tag(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
        if (!elasticache && !targets.isEmpty()
                && targets.stream().noneMatch(t -> tag.value().equals(t.tags().get(tag.key())))) {
            Set<String> inUse = new TreeSet<>();
            targets.forEach(t -> t.tags().forEach((k, v) -> inUse.add(k + "=" + v)));
            throw error(node, path, "no target has tag '" + text + "' (valid: " + (inUse.isEmpty() ? "none: no target"
                    + " has tags" : String.join(", ", inUse)) + ")");
        }
        return tag;
    }

    /**
     * A date ({@code 2026-12-31}: the mute holds through that day, UTC) or a date-time with a zone offset
     * ({@code 2026-12-31T18:00:00Z}, {@code 2026-12-31T18:00:00+01:00}). A date-time without an offset is refused:
     * whose midnight would it be?
     */
    private Instant expires(Node node, String path) {
        String text = scalar(node, path).strip();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw error(node, path, "'" + text + "' is not an ISO date or date-time with an offset (valid: 2026-12-31,"
                    + " which holds through that day UTC; or 2026-12-31T18:00:00Z or 2026-12-31T18:00:00+01:00)");
        }
    }

    private Policy policy(Node node) {
        Policy policy = Policy.defaults();
        for (Map.Entry<String, NodeTuple> e : mapping(node, "policy").entrySet()) {
            Node key = e.getValue().getKeyNode();
            PolicyKey policyKey = PolicyKey.byKey(e.getKey()).orElseThrow(() -> error(key, "policy." + e.getKey(),
                    "unknown policy key; valid keys: " + PolicyKey.validKeys()));
            Node value = e.getValue().getValueNode();
            String text = scalar(value, "policy." + e.getKey());
            try {
                policy = policy.with(policyKey, policyKey.parseValue(text));
            } catch (IllegalArgumentException ex) {
                throw error(value, "policy." + e.getKey(), "'" + text + "' is not valid: " + ex.getMessage()
                        .replaceFirst("^policy [A-Za-z]+: ", ""));
            }
        }
        try {
            return policy.requireConsistent();
        } catch (IllegalArgumentException e) {
            throw error(node, "policy", e.getMessage().replaceFirst("^policy ", ""));
        }
    }

    private List<TargetSpec> targets(Node node) {
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, "targets", "must be a list of targets (each item starting with '- name: ...')");
        }
        List<TargetSpec> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String path = "targets[" + i + "]";
            TargetSpec spec = target(item, path);
            if (!names.add(spec.name())) {
                throw error(item, path + ".name", "'" + spec.name() + "' is used by an earlier target; names must be unique");
            }
            targets.add(spec);
        }
        return targets;
    }

    private TargetSpec target(Node node, String path) {
        Map<String, NodeTuple> m = mapping(node, path);
        checkKeys(m, TARGET_KEYS, path + ".");
        String name = m.containsKey("name") ? scalar(m.get("name").getValueNode(), path + ".name") : null;
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
            throw error(m.get("name").getValueNode(), path + ".name", "'" + name
                    + "' is not a valid name (letters, digits, '.', '_', ':', '-'; up to 128 characters)");
        }
        SecretRef password = null;
        if (m.containsKey("password")) {
            Node p = m.get("password").getValueNode();
            password = SecretRef.parse(scalar(p, path + ".password"), where(p, path + ".password"));
        }
        Map<String, String> tags = m.containsKey("tags") ? tags(m.get("tags").getValueNode(), path + ".tags") : Map.of();
        String user = m.containsKey("user") ? scalar(m.get("user").getValueNode(), path + ".user") : null;
        TargetSpec spec;
        if (m.containsKey("uri")) {
            for (String conflicting : List.of("host", "port", "tls")) {
                if (m.containsKey(conflicting)) {
                    throw error(m.get(conflicting).getKeyNode(), path + "." + conflicting,
                            "give either uri or host/port/tls, not both");
                }
            }
            Node u = m.get("uri").getValueNode();
            spec = TargetSpec.fromUri(name, scalar(u, path + ".uri"), password, tags, where(u, path + ".uri"));
            if (user != null) {
                if (spec.user() != null && !spec.user().equals(user)) {
                    throw error(m.get("user").getValueNode(), path + ".user", "'" + user
                            + "' differs from the user in the uri ('" + spec.user() + "')");
                }
                spec = new TargetSpec(spec.name(), spec.endpoint(), spec.tls(), user, password, tags);
            }
        } else if (m.containsKey("host")) {
            String host = scalar(m.get("host").getValueNode(), path + ".host");
            int port = TargetSpec.DEFAULT_PORT;
            if (m.containsKey("port")) {
                Node p = m.get("port").getValueNode();
                String text = scalar(p, path + ".port");
                try {
                    port = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw error(p, path + ".port", "'" + text + "' is not a port number (valid: 1..65535)");
                }
            }
            boolean tls = m.containsKey("tls") && bool(m.get("tls").getValueNode(), path + ".tls");
            HostPort endpoint = new HostPort(host, port);
            spec = new TargetSpec(name != null ? name : endpoint.toString(), endpoint, tls, user, password, tags);
        } else {
            throw error(node, path, "needs either 'uri' (redis://host:port) or 'host' (and optional 'port')");
        }
        if (m.containsKey("tlsCaFile")) {
            Node caNode = m.get("tlsCaFile").getValueNode();
            String text = scalar(caNode, path + ".tlsCaFile");
            if (!spec.tls()) {
                throw error(caNode, path + ".tlsCaFile", "is only used with TLS: use a rediss:// uri or tls: true");
            }
            Path caFile = baseDir().resolve(text).normalize();
            if (!Files.isReadable(caFile)) {
                throw error(caNode, path + ".tlsCaFile", "'" + text + "' is not a readable file (looked at " + caFile + ")");
            }
            spec = spec.withTlsCaFile(caFile);
        }
        return spec;
    }

    /** Relative paths in the file are relative to the file's own directory. */
    private Path baseDir() {
        Path parent = Path.of(fileName).toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    private Map<String, String> tags(Node node, String path) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : mapping(node, path).entrySet()) {
            tags.put(e.getKey(), scalar(e.getValue().getValueNode(), path + "." + e.getKey()));
        }
        return tags;
    }

    private boolean bool(Node node, String path) {
        String text = scalar(node, path);
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw error(node, path, "'" + text + "' is not a boolean (valid: true, false)");
        };
    }

    private Map<String, NodeTuple> mapping(Node node, String path) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, path, "must be a mapping of key: value");
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode(), path + " key");
            if (entries.put(key, t) != null) {
                throw error(t.getKeyNode(), join(path, key), "duplicate key");
            }
        }
        return entries;
    }

    private void checkKeys(Map<String, NodeTuple> m, List<String> valid, String prefix) {
        for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
            if (!valid.contains(e.getKey())) {
                throw error(e.getValue().getKeyNode(), prefix + e.getKey(),
                        "unknown key; valid keys: " + String.join(", ", valid));
            }
        }
    }

    private String scalar(Node node, String path) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, path, "must be a single value, not a list or mapping");
        }
        return s.getValue();
    }

    private static String join(String path, String key) {
        return path.equals("the document") ? key : path + "." + key;
    }

    private String where(Node node, String path) {
        return fileName + ":" + (node.getStartMark().getLine() + 1) + ": " + path;
    }

    private ConfigException error(Node node, String path, String message) {
        return new ConfigException(where(node, path) + ": " + message);
    }
}
