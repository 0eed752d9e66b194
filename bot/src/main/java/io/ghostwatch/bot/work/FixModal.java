package io.ghostwatch.bot.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import io.ghostwatch.core.check.ElastiCacheConnectionCountStableCheck;
import io.ghostwatch.core.check.ElastiCacheIdleTimeoutCheck;
import io.ghostwatch.core.check.ElastiCacheTcpKeepaliveCheck;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.slack.Blocks;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.SlackText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The modal the digest's "Propose fix" button opens: the finding, and one input per setting that fixes it,
 * prefilled with the policy's recommended value. Submitting it is the same as typing
 * {@code /ghostwatch fix <target> timeout=<s> [tcp-keepalive=<s>]}: the text is parsed by the same parser, so the
 * same allow-list and ranges apply, and a bad value is shown on its field.
 */
public final class FixModal {

    public static final String CALLBACK_ID = "ghostwatch_propose_fix_modal";
    /** Each input's action ID; the block ID is the parameter's Redis name. */
    public static final String INPUT_ACTION_ID = "seconds";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the modal carries through Slack ({@code private_metadata}, signed back to us with the submission): the
     * finding, and where to answer (the button's response URL and channel).
     */
    public record Context(FindingKey finding, String responseUrl, String channelId) {

        String json() {
            ObjectNode o = JSON.createObjectNode();
            o.put("finding", finding.value());
            o.put("responseUrl", responseUrl);
            o.put("channel", channelId);
            return o.toString();
        }

        /** @throws IllegalArgumentException naming what is missing or malformed */
        public static Context parse(String privateMetadata) {
            JsonNode o;
            try {
                o = JSON.readTree(privateMetadata == null ? "" : privateMetadata);
            } catch (IOException e) {
                throw new IllegalArgumentException("the form's private_metadata is not JSON: " + e.getMessage());
            }
            if (o == null || !o.path("finding").isTextual() || !o.path("responseUrl").isTextual()) {
                throw new IllegalArgumentException("the form's private_metadata lacks finding or responseUrl");
            }
            return new Context(FindingKey.parse(o.path("finding").asText()), o.path("responseUrl").asText(),
                    o.path("channel").isTextual() ? o.path("channel").asText() : null);
        }
    }

    private FixModal() {
    }

    /**
     * The settings that fix a check, if a setting does: the idle checks by timeout; keepalive and a rising count by
     * both (a fix always sets timeout, which alone clears the ghosts already there; tcp-keepalive goes with it).
     */
    public static List<TunableParameter> parametersFor(String checkId) {
        return switch (checkId) {
            case "redis_idle_timeout_enabled", "redis_idle_connections_reaped",
                 ElastiCacheIdleTimeoutCheck.ID -> List.of(TunableParameter.TIMEOUT);
            case "redis_tcp_keepalive_enabled", "redis_connection_count_stable", ElastiCacheTcpKeepaliveCheck.ID,
                 ElastiCacheConnectionCountStableCheck.ID ->
                    List.of(TunableParameter.TIMEOUT, TunableParameter.TCP_KEEPALIVE);
            default -> List.of();
        };
    }

    /** The policy's recommended values for these settings. */
    public static Map<TunableParameter, Long> recommended(List<TunableParameter> parameters, Policy policy) {
        Map<TunableParameter, Long> values = new EnumMap<>(TunableParameter.class);
        for (TunableParameter p : parameters) {
            values.put(p, policy.get(p == TunableParameter.TIMEOUT ? PolicyKey.RECOMMENDED_TIMEOUT_SECONDS
                    : PolicyKey.RECOMMENDED_KEEPALIVE_SECONDS));
        }
        return values;
    }

    /** The modal for a fixable finding; empty when no allow-listed setting fixes its check. */
    public static Optional<View> view(Context context, Policy policy) {
        List<TunableParameter> parameters = parametersFor(context.finding().checkId());
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(Blocks.section("*" + SlackText.escape(context.finding().target()) + "* \u00b7 `"
                + SlackText.escape(context.finding().node()) + "` \u00b7 `" + SlackText.escape(context.finding().checkId())
                + "`\nProposing asks a second, authorised engineer to approve; the values are read fresh from every"
                + " node of the target first."));
        recommended(parameters, policy).forEach((p, value) -> blocks.add(InputBlock.builder()
                .blockId(p.redisName())
                .label(plain(p.redisName() + " (seconds, " + p.range(policy) + ")"))
                .element(PlainTextInputElement.builder().actionId(INPUT_ACTION_ID).initialValue(Long.toString(value))
                        .build())
                .build()));
        String metadata = context.json();
        if (metadata.length() > 3000) {
            throw new UncheckedIOException(new IOException("the form's context is over Slack's 3,000 characters"));
        }
        return Optional.of(View.builder()
                .type("modal")
                .callbackId(CALLBACK_ID)
                .privateMetadata(metadata)
                .title(ViewTitle.builder().type("plain_text").text("Propose a fix").build())
                .submit(ViewSubmit.builder().type("plain_text").text("Propose").build())
                .close(ViewClose.builder().type("plain_text").text("Cancel").build())
                .blocks(blocks)
                .build());
    }

    /** The equivalent slash command, for a reply when the modal cannot be shown. */
    public static String command(FindingKey finding, Policy policy) {
        StringBuilder text = new StringBuilder("/ghostwatch fix " + finding.target());
        recommended(parametersFor(finding.checkId()), policy).forEach((p, v) -> text.append(' ').append(p.redisName())
                .append('=').append(v));
        return text.toString();
    }

    private static PlainTextObject plain(String text) {
        return PlainTextObject.builder().text(text).build();
    }
}
