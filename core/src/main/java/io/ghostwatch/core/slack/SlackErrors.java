package io.ghostwatch.core.slack;

import java.util.Set;

/** Slack's error codes: which are worth retrying, and what to tell the operator about the others. */
final class SlackErrors {
    /** Errors Slack documents as temporary on its side. */
    static final Set<String> TRANSIENT = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "ratelimited");
    static final Set<String> AUTH = Set.of("invalid_auth", "not_authed", "token_revoked", "token_expired",
            "account_inactive", "no_permission", "org_login_required", "ekm_access_denied");
    static final Set<String> MESSAGE_REFUSED = Set.of("invalid_blocks", "invalid_blocks_format", "msg_too_long",
            "no_text", "too_many_attachments", "invalid_metadata_format", "invalid_metadata_schema",
            "metadata_too_large", "metadata_must_be_sent_from_app", "invalid_arguments", "invalid_arg_name",
            "invalid_form_data", "invalid_post_type");

    private SlackErrors() {
    }

    static boolean isTransient(String error) {
        return TRANSIENT.contains(error);
    }

    /**
     * @param channel what the call was sent to, as configured (never secret)
     * @param needed  the scope Slack said is missing, or null
     */
    static String hint(String error, String channel, String needed) {
        if (AUTH.contains(error)) {
            return "Slack refused the bot token: check the token reference and that the app is still installed;"
                    + " the token itself is never shown";
        }
        if (MESSAGE_REFUSED.contains(error)) {
            return "Slack refused the message itself, a Ghostwatch bug: preview the request bodies and report them";
        }
        return switch (error) {
            case "channel_not_found" -> "channel '" + channel + "' does not exist or the app cannot see it: use the"
                    + " channel ID (C...) and, for a private channel, invite the app first";
            case "not_in_channel" -> "the app is not a member of channel '" + channel + "': invite it with /invite,"
                    + " or grant chat:write.public for public channels";
            case "is_archived" -> "channel '" + channel + "' is archived: unarchive it or configure another";
            case "restricted_action", "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
                 "restricted_action_non_threadable_channel" -> "the workspace does not allow the app to post in '"
                    + channel + "'";
            case "missing_scope" -> "the app lacks the OAuth scope " + (needed == null ? "this call needs" : "'" + needed + "'")
                    + ": add it to the app and reinstall";
            case "file_not_found", "file_uploads_disabled", "file_upload_size_restricted" -> "Slack would not take the"
                    + " chart (" + error + "): the digest and details were posted without it";
            default -> "see Slack's documentation of this method's errors";
        };
    }
}
