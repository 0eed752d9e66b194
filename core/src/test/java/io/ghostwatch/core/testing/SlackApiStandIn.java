package io.ghostwatch.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the Slack Web API on 127.0.0.1, speaking its wire format: methods are POSTed to
 * {@code /api/<method>} form-encoded (as the Java SDK sends them; JSON bodies are read too) with
 * {@code Authorization: Bearer <token>}, and answered with HTTP 200 and {@code {"ok":true,...}} or
 * {@code {"ok":false,"error":"..."}}, or HTTP 429 with {@code Retry-After}. It implements auth.test (what Bolt
 * checks a bot token with), chat.postMessage,
 * files.getUploadURLExternal (returning an upload URL on itself), the upload POST of the raw bytes, and
 * files.completeUploadExternal, and refuses what Slack refuses: a wrong or missing token, an unknown channel, a
 * channel the app is not in, more than 50 blocks, a section text over 3,000 characters, a header over 150.
 * <p>
 * Every request is recorded ({@link Call}: method, time, parsed form or JSON, raw body) so tests assert on the exact
 * blocks and metadata that went over the wire. {@link #reply} scripts one-off answers (429, an error, an HTTP
 * status) for the next call of a method.
 */
public final class SlackApiStandIn implements AutoCloseable {

    /**
     * The scope each method needs (Slack's method documentation); a method needing one the manifest does not grant is
     * answered {@code missing_scope}, as Slack does, so the manifest is proven to cover every call the tests make.
     * auth.test and views.open need none.
     */
    public static final Map<String, String> SCOPES = Map.of(
            "chat.postMessage", "chat:write",
            "chat.update", "chat:write",
            "chat.postEphemeral", "chat:write",
            "files.getUploadURLExternal", "files:write",
            "files.completeUploadExternal", "files:write",
            "usergroups.users.list", "usergroups:read");

    /** The channel every test posts to, by ID and by name. */
    public static final String CHANNEL_ID = "C0GHOSTW1";
    public static final String CHANNEL_NAME = "#ghostwatch";
    /** A channel that exists but the app was never invited to. */
    public static final String FOREIGN_CHANNEL_ID = "C0NOTMEMB";
    /** The method name under which upload POSTs are recorded and scripted. */
    public static final String UPLOAD = "upload";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. */
    public record Call(String method, Instant at, String authorization, String contentType, Map<String, String> form,
                       JsonNode json, byte[] body) {

        /** A parameter, from the form or the JSON body. */
        public String param(String name) {
            if (form.containsKey(name)) {
                return form.get(name);
            }
            return json != null && json.has(name) ? json.get(name).asText() : null;
        }

        /** A parameter holding JSON (blocks, metadata, files), parsed. */
        public JsonNode jsonParam(String name) {
            if (json != null && json.has(name)) {
                return json.get(name);
            }
            String text = form.get(name);
            if (text == null) {
                return null;
            }
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException(method + ": parameter " + name + " is not JSON: " + text, e);
            }
        }

        public JsonNode blocks() {
            return jsonParam("blocks");
        }

        public JsonNode metadata() {
            return jsonParam("metadata");
        }
    }

    /** A scripted answer for the next call of one method. */
    public sealed interface Reply {
        record RateLimited(int retryAfterSeconds) implements Reply {
        }

        record Error(String error) implements Reply {
        }

        record Status(int status) implements Reply {
        }

        /** Answer as usual: lets a script reach the second or third call of a method. */
        record Normal() implements Reply {
        }

        static Reply normal() {
            return new Normal();
        }

        static Reply rateLimited(int retryAfterSeconds) {
            return new RateLimited(retryAfterSeconds);
        }

        static Reply error(String error) {
            return new Error(error);
        }

        static Reply status(int status) {
            return new Status(status);
        }
    }

    private final HttpServer server;
    private final String token;
    /** The bot scopes the token carries: the app manifest's, as for the installed app, unless a test says. */
    private final List<String> granted;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Reply>> scripted = new HashMap<>();
    /** ts -> channel of every message posted here (what chat.update may change). */
    private final Map<String, String> postedIn = new HashMap<>();
    /** user group ID -> its members, as usergroups.users.list answers. */
    private final Map<String, List<String>> userGroups = new HashMap<>();
    /** file ID -> declared length, until uploaded; then the bytes. */
    private final Map<String, Integer> pendingUploads = new HashMap<>();
    private final Map<String, byte[]> uploads = new LinkedHashMap<>();
    private final AtomicLong ts = new AtomicLong(1_795_000_000_000_100L);
    private final AtomicLong fileIds = new AtomicLong(1);

    private SlackApiStandIn(String token, List<String> granted) throws IOException {
        this.token = token;
        this.granted = List.copyOf(granted);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/", this::api);
        server.createContext("/upload/v1/", this::upload);
        server.start();
    }

    /** Starts on a free loopback port; only {@code token} is accepted, with the manifest's scopes. */
    public static SlackApiStandIn start(String token) {
        return start(token, SlackAppManifest.load().botScopes());
    }

    /** The same, the token carrying only {@code scopes}. */
    public static SlackApiStandIn start(String token, List<String> scopes) {
        try {
            return new SlackApiStandIn(token, scopes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Slack stand-in on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** The Web API base URL, as {@code SLACK_API_URL} takes it. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    public synchronized void reply(String method, Reply reply) {
        scripted.computeIfAbsent(method, m -> new ArrayDeque<>()).add(reply);
    }

    /** Declares a user group and its members for usergroups.users.list. */
    public synchronized void userGroup(String id, List<String> members) {
        userGroups.put(id, List.copyOf(members));
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    public synchronized List<String> methods() {
        return calls.stream().map(Call::method).toList();
    }

    /** Uploaded files by ID, bytes as received. */
    public synchronized Map<String, byte[]> uploads() {
        return Map.copyOf(uploads);
    }

    /**
     * Calls {@code auth.test} 20 times, each on a new connection, so that a benchmark does not time this JVM's HTTP
     * server answering its first requests (its classes loading, the code still interpreted): the stand-in is not what is
     * measured. The calls are recorded like any other.
     */
    public void warmUp() {
        for (int i = 0; i < 20; i++) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(apiUrl() + "auth.test").toURL()
                        .openConnection(Proxy.NO_PROXY);
                c.setRequestMethod("POST");
                c.setRequestProperty("Authorization", "Bearer " + token);
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                c.setDoOutput(true);
                c.getOutputStream().close();
                try (InputStream in = c.getInputStream()) {
                    in.readAllBytes();
                }
                c.disconnect();
            } catch (IOException e) {
                throw new IllegalStateException("the Slack stand-in did not answer auth.test: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- HTTP

    private void api(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestURI().getPath().substring("/api/".length());
            Call call = record(method, ex);
            Reply reply = nextScripted(method);
            if (reply != null && !(reply instanceof Reply.Normal)) {
                answerScripted(ex, reply);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                answer(ex, 405, error("method_not_supported_for_channel_type"));
                return;
            }
            String auth = call.authorization();
            if (auth == null || !auth.startsWith("Bearer ")) {
                answer(ex, 200, error("not_authed"));
                return;
            }
            if (!auth.substring("Bearer ".length()).equals(token)) {
                answer(ex, 200, error("invalid_auth"));
                return;
            }
            String scope = SCOPES.get(method);
            if (scope != null && !granted.contains(scope)) {
                ObjectNode missing = error("missing_scope");
                missing.put("needed", scope).put("provided", String.join(",", granted));
                answer(ex, 200, missing);
                return;
            }
            ObjectNode body = switch (method) {
                case "chat.postMessage" -> postMessage(call);
                case "files.getUploadURLExternal" -> getUploadUrl(call, ex);
                case "files.completeUploadExternal" -> completeUpload(call);
                case "chat.update" -> update(call);
                case "chat.postEphemeral" -> postEphemeral(call);
                case "usergroups.users.list" -> userGroupMembers(call);
                case "auth.test" -> authTest();
                case "views.open" -> openView(call);
                default -> null;
            };
            if (body == null) {
                answer(ex, 404, error("unknown_method"));
            } else {
                answer(ex, 200, body);
            }
        }
    }

    private void upload(HttpExchange ex) throws IOException {
        try (ex) {
            String fileId = ex.getRequestURI().getPath().substring("/upload/v1/".length());
            Call call = record(UPLOAD, ex);
            Reply reply = nextScripted(UPLOAD);
            if (reply != null && !(reply instanceof Reply.Normal)) {
                answerScripted(ex, reply);
                return;
            }
            synchronized (this) {
                Integer declared = pendingUploads.get(fileId);
                if (!"POST".equals(ex.getRequestMethod()) || declared == null) {
                    answerText(ex, 404, "Not Found");
                    return;
                }
                if (declared != call.body().length) {
                    answerText(ex, 400, "length mismatch: declared " + declared + ", got " + call.body().length);
                    return;
                }
                pendingUploads.remove(fileId);
                uploads.put(fileId, call.body());
            }
            answerText(ex, 200, "OK - " + call.body().length);
        }
    }

    // ---- methods

    /** The workspace and bot user this stand-in's token belongs to, as auth.test reports them. */
    public static final String TEAM_ID = "T0GHOSTW1";
    public static final String BOT_USER_ID = "U0GHOSTBOT";

    private ObjectNode authTest() {
        ObjectNode ok = ok();
        ok.put("url", "https://ghostwatch-test.slack.com/");
        ok.put("team", "Ghostwatch Test");
        ok.put("user", "ghostwatch");
        ok.put("team_id", TEAM_ID);
        ok.put("user_id", BOT_USER_ID);
        ok.put("bot_id", "B0GHOSTBOT");
        ok.put("is_enterprise_install", false);
        return ok;
    }

    private ObjectNode postMessage(Call call) {
        String channel = resolve(call.param("channel"));
        if (channel == null) {
            return error("channel_not_found");
        }
        if (channel.equals(FOREIGN_CHANNEL_ID)) {
            return error("not_in_channel");
        }
        JsonNode blocks = call.blocks();
        String text = call.param("text");
        if ((blocks == null || blocks.isEmpty()) && (text == null || text.isEmpty())) {
            return error("no_text");
        }
        if (blocks != null) {
            String problem = blocksProblem(blocks);
            if (problem != null) {
                ObjectNode e = error("invalid_blocks");
                e.putObject("response_metadata").putArray("messages").add("[ERROR] " + problem);
                return e;
            }
        }
        JsonNode metadata = call.metadata();
        if (metadata != null && (!metadata.hasNonNull("event_type") || !metadata.path("event_payload").isObject())) {
            return error("invalid_metadata_format");
        }
        String messageTs = nextTs();
        synchronized (this) {
            postedIn.put(messageTs, channel);
        }
        ObjectNode ok = ok();
        ok.put("channel", channel);
        ok.put("ts", messageTs);
        ObjectNode message = ok.putObject("message");
        message.put("type", "message");
        message.put("text", text == null ? "" : text);
        message.put("ts", messageTs);
        if (call.param("thread_ts") != null) {
            message.put("thread_ts", call.param("thread_ts"));
        }
        if (blocks != null) {
            message.set("blocks", blocks);
        }
        return ok;
    }

    /** chat.update: only a message this stand-in posted, in the channel it was posted to. */
    private ObjectNode update(Call call) {
        String channel = resolve(call.param("channel"));
        String ts = call.param("ts");
        if (channel == null) {
            return error("channel_not_found");
        }
        synchronized (this) {
            if (ts == null || !channel.equals(postedIn.get(ts))) {
                return error("message_not_found");
            }
        }
        JsonNode blocks = call.blocks();
        if (blocks != null && blocksProblem(blocks) != null) {
            return error("invalid_blocks");
        }
        ObjectNode ok = ok();
        ok.put("channel", channel);
        ok.put("ts", ts);
        ok.put("text", call.param("text") == null ? "" : call.param("text"));
        return ok;
    }

    /** views.open: a trigger ID and a modal view are required; answers with the view and an ID, as Slack does. */
    private ObjectNode openView(Call call) {
        JsonNode view = call.jsonParam("view");
        if (call.param("trigger_id") == null || call.param("trigger_id").isEmpty()) {
            return error("invalid_trigger_id");
        }
        if (view == null || !"modal".equals(view.path("type").asText())) {
            return error("invalid_arguments");
        }
        ObjectNode ok = ok();
        ObjectNode shown = ok.putObject("view");
        shown.setAll((ObjectNode) view);
        shown.put("id", "V" + nextTs().replace(".", ""));
        return ok;
    }

    private ObjectNode postEphemeral(Call call) {
        String channel = resolve(call.param("channel"));
        if (channel == null) {
            return error("channel_not_found");
        }
        if (call.param("user") == null || call.param("user").isEmpty()) {
            return error("user_not_in_channel");
        }
        ObjectNode ok = ok();
        ok.put("message_ts", nextTs());
        return ok;
    }

    private ObjectNode userGroupMembers(Call call) {
        List<String> members;
        synchronized (this) {
            members = userGroups.get(call.param("usergroup"));
        }
        if (members == null) {
            return error("no_such_subteam");
        }
        ObjectNode ok = ok();
        members.forEach(ok.putArray("users")::add);
        return ok;
    }

    private ObjectNode getUploadUrl(Call call, HttpExchange ex) {
        String filename = call.param("filename");
        String length = call.param("length");
        if (filename == null || filename.isEmpty() || length == null) {
            return error("invalid_arguments");
        }
        int declared;
        try {
            declared = Integer.parseInt(length);
        } catch (NumberFormatException e) {
            return error("invalid_arguments");
        }
        String fileId = "F" + String.format("%08d", fileIds.getAndIncrement());
        synchronized (this) {
            pendingUploads.put(fileId, declared);
        }
        ObjectNode ok = ok();
        ok.put("upload_url", "http://127.0.0.1:" + server.getAddress().getPort() + "/upload/v1/" + fileId);
        ok.put("file_id", fileId);
        return ok;
    }

    private ObjectNode completeUpload(Call call) {
        JsonNode files = call.jsonParam("files");
        if (files == null || !files.isArray() || files.isEmpty()) {
            return error("invalid_arguments");
        }
        String channelId = call.param("channel_id");
        if (channelId != null) {
            String channel = resolve(channelId);
            if (channel == null) {
                return error("channel_not_found");
            }
            if (channel.equals(FOREIGN_CHANNEL_ID)) {
                return error("not_in_channel");
            }
        }
        ObjectNode ok = ok();
        ArrayNode out = ok.putArray("files");
        synchronized (this) {
            for (JsonNode f : files) {
                String id = f.path("id").asText();
                if (!uploads.containsKey(id)) {
                    return error("file_not_found");
                }
                ObjectNode file = out.addObject();
                file.put("id", id);
                file.put("title", f.path("title").asText(""));
            }
        }
        return ok;
    }

    private static String blocksProblem(JsonNode blocks) {
        if (!blocks.isArray()) {
            return "blocks must be an array";
        }
        if (blocks.size() > 50) {
            return "no more than 50 items allowed [json-pointer:/blocks]";
        }
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode b = blocks.get(i);
            String type = b.path("type").asText();
            if (type.equals("section") && b.path("text").path("text").asText().length() > 3000) {
                return "must be less than 3001 characters [json-pointer:/blocks/" + i + "/text/text]";
            }
            if (type.equals("header") && b.path("text").path("text").asText().length() > 150) {
                return "must be less than 151 characters [json-pointer:/blocks/" + i + "/text/text]";
            }
            for (JsonNode field : b.path("fields")) {
                if (field.path("text").asText().length() > 2000) {
                    return "must be less than 2001 characters [json-pointer:/blocks/" + i + "/fields]";
                }
            }
        }
        return null;
    }

    // ---- plumbing

    private synchronized Call record(String method, HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> form = Map.of();
        JsonNode json = null;
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            form = FormEncoding.decode(body);
        } else if (contentType != null && contentType.startsWith("application/json")) {
            json = JSON.readTree(body);
        }
        Call call = new Call(method, Instant.now(), ex.getRequestHeaders().getFirst("Authorization"), contentType,
                Map.copyOf(form), json, body);
        calls.add(call);
        return call;
    }

    private synchronized Reply nextScripted(String method) {
        Deque<Reply> q = scripted.get(method);
        return q == null ? null : q.poll();
    }

    private void answerScripted(HttpExchange ex, Reply reply) throws IOException {
        switch (reply) {
            case Reply.RateLimited r -> {
                ex.getResponseHeaders().add("Retry-After", Integer.toString(r.retryAfterSeconds()));
                answer(ex, 429, error("ratelimited"));
            }
            case Reply.Error e -> answer(ex, 200, error(e.error()));
            case Reply.Status s -> answerText(ex, s.status(), "status " + s.status());
            case Reply.Normal n -> throw new IllegalStateException("answered normally before this point");
        }
    }

    private static String resolve(String channel) {
        if (channel == null) {
            return null;
        }
        return switch (channel) {
            case CHANNEL_ID, CHANNEL_NAME -> CHANNEL_ID;
            case FOREIGN_CHANNEL_ID -> FOREIGN_CHANNEL_ID;
            default -> null;
        };
    }

    private String nextTs() {
        long v = ts.getAndAdd(100);
        return (v / 1_000_000) + "." + String.format("%06d", v % 1_000_000);
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    private static ObjectNode error(String error) {
        return JSON.createObjectNode().put("ok", false).put("error", error);
    }

    private static void answer(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void answerText(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
