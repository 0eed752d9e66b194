package io.ghostwatch.core.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Secrets Manager (signing name {@code secretsmanager}) over awsJson1_1, as SDK 2.59.1 speaks it: {@code POST /} with
 * {@code Content-Type: application/x-amz-json-1.1}, the operation in {@code X-Amz-Target: secretsmanager.<Operation>}
 * and a JSON body ({@code {"SecretId": ...}}); answers are JSON of the same content type; errors are HTTP 400 with
 * {@code {"__type": "<Code>", "message": ...}} (ResourceNotFoundException, AccessDeniedException, ThrottlingException,
 * UnrecognizedClientException, ...), from which the SDK takes the error code it reports.
 * <p>
 * GetSecretValue only, on the current version (AWSCURRENT): {@code ARN}, {@code Name}, {@code VersionId},
 * {@code SecretString} or {@code SecretBinary} (base64), {@code VersionStages} and {@code CreatedDate} (epoch seconds).
 * The SecretId may be the name, the full ARN or the ARN without its random suffix, as with the real service.
 */
final class SecretsManagerService implements AwsService {

    static final String TARGET_PREFIX = "secretsmanager.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private static final Set<String> OPERATIONS = Set.of("GetSecretValue");
    private static final String CURRENT = "AWSCURRENT";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether an {@code X-Amz-Target} header is addressed to Secrets Manager. */
    static boolean servesTarget(String target) {
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    @Override
    public String signingName() {
        return "secretsmanager";
    }

    @Override
    public String iamPrefix() {
        return "secretsmanager";
    }

    @Override
    public ServiceRequest read(String path, Headers headers, byte[] body) {
        String target = headers.getFirst("X-Amz-Target");
        String operation = servesTarget(target) ? target.substring(TARGET_PREFIX.length()) : "";
        if (!path.equals("/") || !OPERATIONS.contains(operation)) {
            throw ServiceFault.badRequest("UnknownOperationException", "The stand-in does not serve Secrets Manager"
                    + " operation '" + target + "' (path " + path + ")");
        }
        String contentType = headers.getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
            throw ServiceFault.badRequest("SerializationException", "Content-Type must be " + CONTENT_TYPE + ", not "
                    + contentType);
        }
        JsonNode document;
        try {
            document = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw ServiceFault.badRequest("SerializationException", "The request body is not JSON");
        }
        if (document == null || !document.isObject()) {
            throw ServiceFault.badRequest("SerializationException", "The request body is not a JSON object");
        }
        Map<String, String> params = new LinkedHashMap<>();
        document.properties().forEach(e -> params.put(e.getKey(), e.getValue().isValueNode()
                ? e.getValue().asText() : e.getValue().toString()));
        return new ServiceRequest(operation, params, document);
    }

    @Override
    public WireReply answer(ServiceRequest request, RequestContext context) {
        String secretId = request.params().get("SecretId");
        if (secretId == null || secretId.isEmpty()) {
            throw ServiceFault.badRequest("ValidationException", "1 validation error detected: Value null at"
                    + " 'secretId' failed to satisfy constraint: Member must not be null");
        }
        StoredSecret secret = context.fleet().secret(secretId).orElseThrow(() -> ServiceFault.badRequest(
                "ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        String stage = request.params().get("VersionStage");
        if (stage != null && !stage.equals(CURRENT)) {
            throw ServiceFault.badRequest("ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: " + stage);
        }
        String version = request.params().get("VersionId");
        if (version != null && !version.equals(secret.versionId())) {
            throw ServiceFault.badRequest("ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for VersionId: " + version);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        out.put("VersionId", secret.versionId());
        if (secret.secretString() != null) {
            out.put("SecretString", secret.secretString());
        } else {
            out.put("SecretBinary", Base64.getEncoder().encodeToString(secret.secretBinary()));
        }
        out.putArray("VersionStages").add(CURRENT);
        out.put("CreatedDate", secret.createdDate().toEpochMilli() / 1000.0);
        return new WireReply(200, CONTENT_TYPE, Map.of(), bytes(out));
    }

    @Override
    public WireReply error(ServiceError error, String requestId) {
        ObjectNode out = JSON.createObjectNode();
        out.put("__type", error.code());
        out.put("message", error.message());
        return new WireReply(error.status(), CONTENT_TYPE, Map.of(), bytes(out));
    }

    /** What IAM evaluates: the SecretId as given, or as an ARN without the suffix when a name was given. */
    @Override
    public String resource(ServiceRequest request, String region, String account) {
        String id = request == null ? null : request.params().get("SecretId");
        if (id == null) {
            return null;
        }
        return id.startsWith("arn:") ? id : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + id;
    }

    @Override
    public ServiceError accessDenied(String principalArn, String iamAction, String resource) {
        return ServiceError.sender(400, "AccessDeniedException", "User: " + principalArn + " is not authorized to"
                + " perform: " + iamAction + (resource == null ? "" : " on resource: " + resource)
                + " because no identity-based policy allows the " + iamAction + " action");
    }

    @Override
    public ServiceError throttled() {
        return ServiceError.sender(400, "ThrottlingException", "Rate exceeded");
    }

    @Override
    public ServiceError unknownAccessKey() {
        return ServiceError.sender(400, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    @Override
    public ServiceError badSignature() {
        return ServiceError.sender(400, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS "
                        + "Secret Access Key and signing method. Consult the service documentation for details.");
    }

    @Override
    public ServiceError expiredToken() {
        return ServiceError.sender(400, "ExpiredTokenException", "The security token included in the request is expired");
    }

    @Override
    public ServiceError missingAuthentication() {
        return ServiceError.sender(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
