package io.ghostwatch.core.testing.aws;

import com.sun.net.httpserver.Headers;

/**
 * One AWS service the stand-in serves, in its wire protocol: how it reads an operation off a request, answers it, and
 * puts errors on the wire, and the service's wording of the errors every service shares (access denied, throttling,
 * authentication failures).
 */
sealed interface AwsService permits ElastiCacheService, StsService, Ec2Service, CloudWatchService,
        SecretsManagerService {

    /**
     * The SigV4 signing name in the credential scope ({@code elasticache}, {@code sts}, {@code ec2}, {@code monitoring},
     * {@code secretsmanager}).
     */
    String signingName();

    /** The IAM action prefix ({@code elasticache}, {@code sts}, {@code ec2}, {@code cloudwatch}, {@code secretsmanager}). */
    String iamPrefix();

    /**
     * Reads the operation and its parameters (the JSON protocols name the operation in {@code X-Amz-Target}).
     *
     * @throws ServiceFault for a request the service cannot read or an operation it does not have
     */
    ServiceRequest read(String path, Headers headers, byte[] body);

    /**
     * Answers an authenticated, authorized request.
     *
     * @throws ServiceFault for the service's own errors (not found, invalid value, ...)
     */
    WireReply answer(ServiceRequest request, RequestContext context);

    /** The error on the wire. */
    WireReply error(ServiceError error, String requestId);

    /** The ARN IAM would evaluate a denied call against, for the AccessDenied message; null for none. */
    default String resource(ServiceRequest request, String region, String account) {
        return null;
    }

    default ServiceError accessDenied(String principalArn, String iamAction, String resource) {
        String message = "User: " + principalArn + " is not authorized to perform: " + iamAction
                + (resource == null ? "" : " on resource: " + resource)
                + " because no identity-based policy allows the " + iamAction + " action";
        return ServiceError.sender(403, "AccessDenied", message);
    }

    default ServiceError throttled() {
        return ServiceError.sender(400, "Throttling", "Rate exceeded");
    }

    default ServiceError unknownAccessKey() {
        return ServiceError.sender(403, "InvalidClientTokenId",
                "The security token included in the request is invalid.");
    }

    default ServiceError badSignature() {
        return ServiceError.sender(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS "
                        + "Secret Access Key and signing method. Consult the service documentation for details.");
    }

    default ServiceError expiredToken() {
        return ServiceError.sender(403, "ExpiredToken", "The security token included in the request is expired");
    }

    default ServiceError missingAuthentication() {
        return ServiceError.sender(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }
}
