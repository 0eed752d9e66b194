package io.ghostwatch.core.slack;

import io.ghostwatch.core.config.ConfigException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the Web API is called.
 *
 * @param apiUrl  the Web API base, ending in '/': Slack's {@value #DEFAULT_API_URL}, or {@value #API_URL_VARIABLE}
 *                to point Ghostwatch (and its tests) at something else; plain http only to this machine
 * @param timeout each HTTP call's overall limit
 */
public record SlackSettings(URI apiUrl, Duration timeout, RetryPolicy retry) {

    public static final String DEFAULT_API_URL = "https://slack.com/api/";
    public static final String API_URL_VARIABLE = "SLACK_API_URL";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public SlackSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retry, "retry");
    }

    /** From {@value #API_URL_VARIABLE} when set, Slack's own URL otherwise; default timeout and retries. */
    public static SlackSettings fromEnvironment(Map<String, String> environment) {
        String url = environment.get(API_URL_VARIABLE);
        return new SlackSettings(apiUrl(url == null || url.isBlank() ? DEFAULT_API_URL : url, API_URL_VARIABLE),
                DEFAULT_TIMEOUT, RetryPolicy.defaults());
    }

    /** Parses an http(s) base URL and adds the trailing '/' the SDK appends method names to. */
    public static URI apiUrl(String text, String where) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(where + ": '" + text + "' is not a URL (" + e.getReason()
                    + "); valid form: https://slack.com/api/ or http://127.0.0.1:PORT/api/");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            throw new ConfigException(where + ": '" + text + "' is not an http(s) URL without credentials or query;"
                    + " valid form: https://slack.com/api/ or http://127.0.0.1:PORT/api/");
        }
        if (uri.getScheme().equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigException(where + ": '" + text + "' is plain http to another machine: the bot token would"
                    + " cross the network in clear; use https, or http only to 127.0.0.1, [::1] or localhost");
        }
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** The base URL as the SDK's {@code SlackConfig.setMethodsEndpointUrlPrefix} takes it. */
    public String methodsEndpointUrlPrefix() {
        return apiUrl.toString();
    }

    /** True when the API is on this machine (a stand-in): no proxy is used for it, as NO_PROXY would say. */
    public boolean loopback() {
        return isLoopback(apiUrl.getHost());
    }

    /** Literal loopback names and addresses only: no DNS lookup decides where the token goes. */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                    .isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    public SlackSettings withRetry(RetryPolicy policy) {
        return new SlackSettings(apiUrl, timeout, policy);
    }

    /**
     * Slack's SDK configured from these settings: the Web API base URL, the timeouts, no proxy for a loopback
     * stand-in (the SDK takes HTTPS_PROXY/HTTP_PROXY and ignores NO_PROXY), and no SDK stats (they would call
     * auth.test behind our back and start a background thread).
     */
    public com.slack.api.SlackConfig sdkConfig() {
        com.slack.api.SlackConfig config = new com.slack.api.SlackConfig();
        config.setMethodsEndpointUrlPrefix(methodsEndpointUrlPrefix());
        int timeoutMs = Math.toIntExact(timeout().toMillis());
        config.setHttpClientCallTimeoutMillis(timeoutMs);
        config.setHttpClientReadTimeoutMillis(timeoutMs);
        config.setHttpClientWriteTimeoutMillis(timeoutMs);
        if (loopback()) {
            config.setProxyUrl(null);
        }
        com.slack.api.methods.MethodsConfig methods = new com.slack.api.methods.MethodsConfig();
        methods.setStatsEnabled(false);
        config.setMethodsConfig(methods);
        return config;
    }
}
