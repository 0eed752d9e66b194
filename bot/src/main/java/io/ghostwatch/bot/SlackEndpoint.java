package io.ghostwatch.bot;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one request-handling path both adapters share: {@code POST /slack/events} only (404 for other paths, 405 for
 * other methods), the signature verified before anything reads the body (401, empty body, on any failure), then
 * Bolt's parser and {@link App#run} (whose own signature check runs too), and Bolt's response mapped back.
 */
public final class SlackEndpoint {

    public static final String PATH = "/slack/events";

    private static final System.Logger LOG = System.getLogger(SlackEndpoint.class.getName());

    private final SlackRequestVerifier verifier;
    private final App app;
    private final SlackRequestParser parser;

    public SlackEndpoint(SlackRequestVerifier verifier, App app) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.app = Objects.requireNonNull(app, "app");
        this.parser = new SlackRequestParser(app.config());
    }

    public EndpointResponse handle(EndpointRequest request) {
        if (!request.path().equals(PATH)) {
            return EndpointResponse.empty(404);
        }
        if (!request.method().equals("POST")) {
            return new EndpointResponse(405, Map.of("Allow", "POST"), "");
        }
        SlackRequestVerifier.Verdict verdict = verifier.verify(request.header(SlackRequestVerifier.TIMESTAMP_HEADER),
                request.header(SlackRequestVerifier.SIGNATURE_HEADER), request.body());
        if (verdict instanceof SlackRequestVerifier.Verdict.Rejected(String reason)) {
            LOG.log(System.Logger.Level.WARNING, "refused a request from " + request.remoteAddress() + " (401): " + reason);
            return EndpointResponse.empty(401);
        }
        Request<?> slackRequest = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(request.path())
                .requestBody(new String(request.body(), StandardCharsets.UTF_8))
                .headers(new RequestHeaders(request.headers()))
                .remoteAddress(request.remoteAddress())
                .build());
        if (slackRequest == null) {
            LOG.log(System.Logger.Level.WARNING, "a signed request of a kind this app does not handle (400)");
            return EndpointResponse.empty(400);
        }
        Response response;
        try {
            response = app.run(slackRequest);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "handling a " + slackRequest.getRequestType() + " request failed (500)", e);
            return EndpointResponse.empty(500);
        }
        return map(response);
    }

    private static EndpointResponse map(Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            for (Map.Entry<String, List<String>> h : response.getHeaders().entrySet()) {
                if (h.getValue() != null && !h.getValue().isEmpty()) {
                    headers.put(h.getKey(), String.join(", ", h.getValue()));
                }
            }
        }
        String body = response.getBody() == null ? "" : response.getBody();
        if (response.getContentType() != null && !body.isEmpty()) {
            headers.put("Content-Type", response.getContentType());
        }
        return new EndpointResponse(response.getStatusCode(), headers, body);
    }
}
