package io.ghostwatch.cli;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.findings.DigestOutcome;
import io.ghostwatch.core.findings.DigestPublisher;
import io.ghostwatch.core.findings.FileFindingStore;
import io.ghostwatch.core.findings.FindingStoreException;
import io.ghostwatch.core.findings.PreparedDigest;
import io.ghostwatch.core.render.SafeText;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.ChartImage;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code audit --slack} and {@code --slack-preview FILE}: checked before the audit (so a missing slack: section or an
 * unreadable token fails at once, exit 2), carried out after its report is printed. The finding state lives in
 * {@link FileFindingStore#defaultDirectory} ($XDG_DATA_HOME/ghostwatch/findings).
 */
final class SlackOptions {

    /** The audit ran, but the Slack step failed: the digest was not posted (results stored), or no preview written. */
    static final int EXIT_NOT_POSTED = 5;

    @Option(names = "--slack", description = "post the digest to slack.channel (config): new, resolved and still-open"
            + " findings, details in a thread; finding state is stored first (default: $XDG_DATA_HOME/ghostwatch/findings)")
    boolean post;

    @Option(names = "--slack-preview", paramLabel = "FILE", description = "write the exact Slack request bodies (JSON;"
            + " paste a message's blocks into Block Kit Builder) to FILE; posts nothing, stores nothing")
    Path preview;

    private BotToken token;
    private SlackSettings settings;

    boolean wanted() {
        return post || preview != null;
    }

    /** Before the audit: the options agree with each other and the config; the token and API URL are readable. */
    void check(GhostwatchConfig config, Secrets secrets) {
        if (!wanted()) {
            return;
        }
        if (post && preview != null) {
            throw new ConfigException("--slack and --slack-preview exclude each other: preview first, then post");
        }
        String option = post ? "--slack" : "--slack-preview";
        if (config.slack() == null) {
            throw new ConfigException(option + " needs a 'slack:' section in the config file (--config or "
                    + TargetOptions.ENV_CONFIG + "): channel and botToken, e.g. channel: C0123ABCD, botToken:"
                    + " env:SLACK_BOT_TOKEN");
        }
        if (post) {
            token = BotToken.resolve(config.slack().botToken(), secrets);
            settings = SlackSettings.fromEnvironment(secrets.environment());
        }
    }

    /**
     * After the audit's report is printed: stores the finding state and posts (or writes the preview).
     *
     * @return 0, or {@link #EXIT_NOT_POSTED} when the digest was not posted
     */
    int deliver(AuditReport report, GhostwatchConfig config, Cli cli, Map<String, ChartImage> charts) {
        if (!wanted()) {
            return 0;
        }
        FileFindingStore store = new FileFindingStore(FileFindingStore.defaultDirectory(cli.environment()),
                warning -> cli.err().println("ghostwatch audit: findings: " + SafeText.terminal(warning)));
        DigestPublisher publisher = new DigestPublisher(store, cli.clock());
        if (preview != null) {
            PreparedDigest digest;
            try {
                digest = publisher.preview(report, config, charts);
            } catch (FindingStoreException e) {
                cli.err().println("ghostwatch audit: Slack preview NOT written: the finding state could not be read ("
                        + SafeText.terminal(e.getMessage()) + ")");
                return EXIT_NOT_POSTED;
            }
            try {
                Files.writeString(preview, digest.previewJson(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("--slack-preview " + preview + ": cannot write the file (" + e.getMessage() + ")", e);
            }
            cli.err().println("ghostwatch audit: Slack preview written to " + preview + " (" + digest.headline()
                    + (digest.post() ? "" : "; a quiet run with quietRuns: skip, so no request") + "); nothing was posted");
            return 0;
        }
        DigestOutcome outcome;
        try {
            outcome = publisher.publish(report, config, charts, () -> SlackPoster.create(settings, token));
        } catch (FindingStoreException e) {
            cli.err().println("ghostwatch audit: Slack digest NOT posted: the finding state could not be stored first ("
                    + SafeText.terminal(e.getMessage()) + "); the audit's report above stands");
            return EXIT_NOT_POSTED;
        }
        String summary = SafeText.terminal(outcome.summary());
        return switch (outcome) {
            case DigestOutcome.NotPosted n -> {
                cli.err().println("ghostwatch audit: Slack " + summary + ". The audit's report above and its stored"
                        + " findings (" + store.directory() + ") stand; the next --slack run tells the channel what it"
                        + " missed.");
                yield EXIT_NOT_POSTED;
            }
            case DigestOutcome.Posted p -> {
                cli.err().println("ghostwatch audit: Slack " + summary);
                yield 0;
            }
            case DigestOutcome.Skipped s -> {
                cli.err().println("ghostwatch audit: Slack: " + summary);
                yield 0;
            }
            case DigestOutcome.Stored s -> 0;
        };
    }
}
