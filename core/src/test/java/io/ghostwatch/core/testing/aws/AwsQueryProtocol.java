package io.ghostwatch.core.testing.aws;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The awsQuery protocol of one service (ElastiCache, STS): form-encoded {@code Action=...&Version=...} requests;
 * XML answers {@code <XxxResponse xmlns=...><XxxResult>...</XxxResult><ResponseMetadata><RequestId>...}, the result
 * element first (the SDK reads the root's first child as the result); errors
 * {@code <ErrorResponse><Error><Type>Sender</Type><Code>...</Code><Message>...</Message></Error><RequestId>...}.
 */
final class AwsQueryProtocol {

    private final String namespace;
    private final String version;

    AwsQueryProtocol(String namespace, String version) {
        this.namespace = namespace;
        this.version = version;
    }

    ServiceRequest read(byte[] body, Set<String> operations) {
        QueryParams params = QueryParams.parse(body);
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
            throw ServiceFault.badRequest("MissingAction", "Could not find operation for request");
        }
        if (!operations.contains(action)) {
            throw ServiceFault.badRequest("InvalidAction",
                    "The action " + action + " is not valid for this web service.");
        }
        if (!version.equals(params.get("Version"))) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The API version " + params.get("Version") + " is not supported; use " + version);
        }
        return new ServiceRequest(action, params.asMap(), null);
    }

    /**
     * A success answer.
     *
     * @param result writes the result's fields; null for an operation without output (no Result element)
     */
    WireReply result(String operation, String requestId, Consumer<XmlWriter> result) {
        XmlWriter x = new XmlWriter().start(operation + "Response", namespace);
        if (result != null) {
            x.start(operation + "Result");
            result.accept(x);
            x.end();
        }
        x.start("ResponseMetadata").leaf("RequestId", requestId).end();
        x.end();
        return new WireReply(200, "text/xml", Map.of(), x.bytes());
    }

    WireReply error(ServiceError error, String requestId) {
        XmlWriter x = new XmlWriter().start("ErrorResponse", namespace)
                .start("Error")
                .leaf("Type", error.senderFault() ? "Sender" : "Receiver")
                .leaf("Code", error.code())
                .leaf("Message", error.message())
                .end()
                .leaf("RequestId", requestId)
                .end();
        return new WireReply(error.status(), "text/xml", Map.of(), x.bytes());
    }
}
