package io.ghostwatch.core.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest;
import com.slack.api.methods.request.files.FilesGetUploadURLExternalRequest;
import com.slack.api.methods.request.usergroups.users.UsergroupsUsersListRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts a {@link SlackDigest} with Slack's Java SDK ({@link MethodsClient}, over the OkHttp client the SDK ships
 * with): the digest (blocks, metadata, fallback text), then its thread in order, replies by {@code thread_ts} and
 * files (charts, the details file) by {@code files.getUploadURLExternal}, a POST of the bytes to the returned URL, and
 * {@code files.completeUploadExternal} into the thread. Every call runs under the {@link RetryPolicy}; a digest that
 * cannot be posted throws {@link SlackDeliveryException}.
 * <p>
 * Build one per process (it holds a connection pool) and close it.
 */
public final class SlackPoster implements AutoCloseable {

    private final Slack slack;
    private final boolean ownsSlack;
    private final MethodsClient methods;
    private final OkHttpClient http;
    private final SlackCalls calls;

    SlackPoster(SlackSettings settings, BotToken token, Sleeper sleeper) {
        this(Slack.getInstance(settings.sdkConfig()), true, settings, token, sleeper);
    }

    private SlackPoster(Slack slack, boolean ownsSlack, SlackSettings settings, BotToken token, Sleeper sleeper) {
        Objects.requireNonNull(token, "token");
        this.slack = slack;
        this.ownsSlack = ownsSlack;
        this.methods = slack.methods(token.value());
        this.http = slack.getHttpClient().getOkHttpClient();
        this.calls = new SlackCalls(settings.retry(), sleeper);
    }

    /**
     * A poster on a Slack client the caller built from the same {@code settings} and keeps (not closed by
     * {@link #close()}): one connection pool per process, e.g. the bot's, shared with Bolt.
     */
    public static SlackPoster using(Slack slack, SlackSettings settings, BotToken token) {
        return new SlackPoster(slack, false, settings, token, Sleeper.REAL);
    }

    public static SlackPoster create(SlackSettings settings, BotToken token) {
        return new SlackPoster(settings, token, Sleeper.REAL);
    }

    /**
     * Posts the digest to {@code channel} (an ID, or a name for public channels), then its thread.
     *
     * @throws SlackDeliveryException when the digest itself cannot be posted; later failures are in the result
     */
    public DigestDelivery post(String channel, SlackDigest digest) {
        PostedMessage top = postMessage(channel, null, digest.digest());
        List<PostedMessage> replies = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<SlackFailure> failures = new ArrayList<>();
        for (ThreadItem item : digest.thread()) {
            try {
                switch (item) {
                    case SlackMessage m -> replies.add(postMessage(top.channel(), top.ts(), m));
                    case ThreadUpload u -> files.add(upload(top.channel(), top.ts(), u));
                }
            } catch (SlackDeliveryException e) {
                failures.add(e.failure());
            }
        }
        return new DigestDelivery(top, replies, files, failures);
    }

    /**
     * One chat.postMessage: never parsed for mentions or links ({@code parse=none}, {@code link_names=false}), no
     * unfurling.
     *
     * @param threadTs the parent message's ts, or null for a top-level message
     */
    public PostedMessage postMessage(String channel, String threadTs, SlackMessage message) {
        ChatPostMessageRequest request = request(channel, threadTs, message);
        ChatPostMessageResponse response = calls.call("chat.postMessage", channel, () -> methods.chatPostMessage(request));
        return new PostedMessage(response.getChannel(), response.getTs());
    }

    /** Replaces a posted message's text and blocks (chat.update), e.g. an approval request as its change moves. */
    public void updateMessage(String channelId, String ts, SlackMessage message) {
        ChatUpdateRequest request = ChatUpdateRequest.builder()
                .channel(channelId)
                .ts(ts)
                .text(message.text())
                .blocks(message.blocks())
                .parse("none")
                .linkNames(false)
                .build();
        calls.call("chat.update", channelId, () -> methods.chatUpdate(request));
    }

    /** A message only {@code userId} sees (chat.postEphemeral): refusals and errors told to the one who clicked. */
    public void postEphemeral(String channel, String userId, SlackMessage message) {
        ChatPostEphemeralRequest request = ChatPostEphemeralRequest.builder()
                .channel(channel)
                .user(userId)
                .text(message.text())
                .blocks(message.blocks())
                .parse("none")
                .linkNames(false)
                .build();
        calls.call("chat.postEphemeral", channel, () -> methods.chatPostEphemeral(request));
    }

    /** Opens a modal (views.open) for the user whose click gave {@code triggerId} (valid for 3 s). */
    public void openView(String triggerId, com.slack.api.model.view.View view) {
        com.slack.api.methods.request.views.ViewsOpenRequest request =
                com.slack.api.methods.request.views.ViewsOpenRequest.builder().triggerId(triggerId).view(view).build();
        calls.call("views.open", "modal", () -> methods.viewsOpen(request));
    }

    /** The user IDs in a user group (usergroups.users.list; needs the usergroups:read scope). */
    public List<String> userGroupMembers(String userGroupId) {
        UsergroupsUsersListRequest request = UsergroupsUsersListRequest.builder().usergroup(userGroupId).build();
        UsergroupsUsersListResponse response = calls.call("usergroups.users.list", userGroupId,
                () -> methods.usergroupsUsersList(request));
        return response.getUsers() == null ? List.of() : List.copyOf(response.getUsers());
    }

    /** The exact chat.postMessage request for a message (also what a preview of the request bodies shows). */
    static ChatPostMessageRequest request(String channel, String threadTs, SlackMessage message) {
        return ChatPostMessageRequest.builder()
                .channel(channel)
                .threadTs(threadTs)
                .text(message.text())
                .blocks(message.blocks())
                .metadata(message.metadata())
                .parse("none")
                .linkNames(false)
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build();
    }

    /**
     * Uploads a file (a chart, the details file) into a thread in Slack's three steps. Each step is retried on its own,
     * so a transient failure of the last step does not upload the bytes again.
     *
     * @param channelId the channel's ID (as chat.postMessage returned it)
     * @return the Slack file ID
     */
    public String upload(String channelId, String threadTs, ThreadUpload file) {
        byte[] bytes = file.bytes();
        FilesGetUploadURLExternalRequest urlRequest = uploadUrlRequest(file, bytes.length);
        FilesGetUploadURLExternalResponse target = calls.call("files.getUploadURLExternal", channelId,
                () -> methods.filesGetUploadURLExternal(urlRequest));
        calls.run("upload", channelId, () -> {
            Request request = new Request.Builder().url(target.getUploadUrl()).post(RequestBody.create(bytes)).build();
            try (Response response = http.newCall(request).execute()) {
                if (response.code() != 200) {
                    throw new SlackCalls.UploadRefused(response.code());
                }
                return response.code();
            }
        });
        FilesCompleteUploadExternalRequest complete = completeUploadRequest(channelId, threadTs, target.getFileId(), file);
        calls.call("files.completeUploadExternal", channelId, () -> methods.filesCompleteUploadExternal(complete));
        return target.getFileId();
    }

    /**
     * Step 1 of an upload: ask for an upload URL for this many bytes ({@code length}: the file's bytes, made once by
     * the caller, as {@link ThreadUpload#bytes()} makes them anew on each call).
     */
    static FilesGetUploadURLExternalRequest uploadUrlRequest(ThreadUpload file, int length) {
        return FilesGetUploadURLExternalRequest.builder()
                .filename(file.filename())
                .length(length)
                .altTxt(file.altText())
                .build();
    }

    /** Step 3 of an upload: share the uploaded file into the thread. */
    static FilesCompleteUploadExternalRequest completeUploadRequest(String channelId, String threadTs, String fileId,
                                                                    ThreadUpload file) {
        return FilesCompleteUploadExternalRequest.builder()
                .files(List.of(FilesCompleteUploadExternalRequest.FileDetails.builder()
                        .id(fileId).title(file.title()).build()))
                .channelId(channelId)
                .threadTs(threadTs)
                .build();
    }

    @Override
    public void close() {
        if (!ownsSlack) {
            return;
        }
        try {
            slack.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Slack client failed: " + e.getMessage(), e);
        }
    }
}
