package io.ghostwatch.core.testing.aws;

import com.sun.net.httpserver.Headers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * STS (API 2011-06-15) over awsQuery: AssumeRole (for a role a test allowed, with its ExternalId if one is required,
 * answering fresh session credentials the stand-in then serves the role's account to) and GetCallerIdentity.
 */
final class StsService implements AwsService {

    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static final AwsQueryProtocol PROTOCOL = new AwsQueryProtocol(NAMESPACE, "2011-06-15");
    private static final Set<String> OPERATIONS = Set.of("AssumeRole", "GetCallerIdentity");

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public String iamPrefix() {
        return "sts";
    }

    @Override
    public ServiceRequest read(String path, Headers headers, byte[] body) {
        return PROTOCOL.read(body, OPERATIONS);
    }

    @Override
    public WireReply error(ServiceError error, String requestId) {
        return PROTOCOL.error(error, requestId);
    }

    @Override
    public String resource(ServiceRequest request, String region, String account) {
        return request == null ? null : request.params().get("RoleArn");
    }

    /** STS words it without the "because no identity-based policy..." tail. */
    @Override
    public ServiceError accessDenied(String principalArn, String iamAction, String resource) {
        return ServiceError.sender(403, "AccessDenied", "User: " + principalArn + " is not authorized to perform: "
                + iamAction + (resource == null ? "" : " on resource: " + resource));
    }

    @Override
    public WireReply answer(ServiceRequest request, RequestContext context) {
        QueryParams p = QueryParams.of(request.params());
        return switch (request.operation()) {
            case "AssumeRole" -> assumeRole(p, context);
            case "GetCallerIdentity" -> PROTOCOL.result("GetCallerIdentity", context.requestId(), x -> x
                    .leaf("Arn", context.caller().arn())
                    .leaf("UserId", context.caller().userId())
                    .leaf("Account", context.caller().account()));
            default -> throw new IllegalStateException("read() let through " + request.operation());
        };
    }

    private WireReply assumeRole(QueryParams p, RequestContext context) {
        String roleArn = p.required("RoleArn");
        String sessionName = p.required("RoleSessionName");
        if (!sessionName.matches("[\\w+=,.@-]{2,64}")) {
            throw validation("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        Integer duration = p.integer("DurationSeconds");
        int seconds = duration == null ? 3600 : duration;
        if (seconds < 900 || seconds > 43200) {
            throw validation("Value '" + seconds + "' at 'durationSeconds' failed to satisfy constraint: Member must "
                    + "have value " + (seconds < 900 ? "greater than or equal to 900" : "less than or equal to 43200"));
        }
        Identities.AssumableRole role = context.identities().role(roleArn).orElse(null);
        String externalId = p.get("ExternalId");
        if (role == null || (role.externalId() != null && !role.externalId().equals(externalId))) {
            throw new ServiceFault(accessDenied(context.caller().arn(), "sts:AssumeRole", roleArn));
        }
        if (seconds > role.maxSessionSeconds()) {
            throw ServiceFault.badRequest("ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Instant now = context.now().truncatedTo(ChronoUnit.SECONDS);
        Principal session = context.identities().startSession(role, sessionName, seconds, now);
        return PROTOCOL.result("AssumeRole", context.requestId(), x -> x
                .start("AssumedRoleUser")
                .leaf("AssumedRoleId", session.userId())
                .leaf("Arn", session.arn())
                .end()
                .start("Credentials")
                .leaf("AccessKeyId", session.accessKeyId())
                .leaf("SecretAccessKey", session.secretAccessKey())
                .leaf("SessionToken", session.sessionToken())
                .leaf("Expiration", session.expiration().toString())
                .end());
    }

    private static ServiceFault validation(String detail) {
        return ServiceFault.badRequest("ValidationError", "1 validation error detected: " + detail);
    }
}
