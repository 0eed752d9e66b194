package io.ghostwatch.core.aws;

import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An AWS call that failed, said as a sentence that names the action: "not allowed: elasticache:DescribeCacheParameters
 * (AccessDenied: ...)". Collectors turn it into an unreadable fact, so the checks that needed it report ERROR naming the
 * missing permission; one failed call never stops the audit of other caches, regions or accounts.
 */
public final class AwsCallException extends RuntimeException {

    /** What kind of failure: the remedy differs. */
    public enum Kind {
        /** The credentials lack the permission: grant {@link #action()}. */
        ACCESS_DENIED,
        /** Still throttled after the SDK's retries with backoff. */
        THROTTLED,
        /** The resource named in the call does not exist. */
        NOT_FOUND,
        /** The API could not be reached or did not answer in time. */
        UNREACHABLE,
        /** Any other refusal; the message carries AWS's code and text. */
        FAILED
    }

    private static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedAccess", "AuthorizationError", "NotAuthorized");
    private static final Set<String> CREDENTIALS_REFUSED_CODES = Set.of("SignatureDoesNotMatch",
            "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "AuthFailure", "UnrecognizedClientException",
            "InvalidAccessKeyId");
    private static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled", "RequestThrottledException",
            "SlowDown", "PriorRequestNotComplete");

    private final AwsAction action;
    private final Kind kind;
    private final String errorCode;

    public AwsCallException(AwsAction action, Kind kind, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.action = Objects.requireNonNull(action, "action");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.errorCode = errorCode;
    }

    /** Classifies an SDK failure of {@code action}. */
    public static AwsCallException of(AwsAction action, SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            String text = firstLine(s.awsErrorDetails().errorMessage());
            String said = (code != null ? code : "HTTP " + s.statusCode())
                    + (text == null || text.isBlank() ? "" : ": " + text);
            if (s.statusCode() == 401 || CREDENTIALS_REFUSED_CODES.contains(code)) {
                return new AwsCallException(action, Kind.FAILED, code, action.iamName() + ": the AWS credentials were"
                        + " refused (" + said + "); check the keys or role Ghostwatch runs with", e);
            }
            if (ACCESS_DENIED_CODES.contains(code) || s.statusCode() == 403) {
                return new AwsCallException(action, Kind.ACCESS_DENIED, code, "not allowed: " + action.iamName()
                        + " (" + said + "); grant " + action.iamName() + " to the role Ghostwatch uses", e);
            }
            if (THROTTLING_CODES.contains(code) || s.isThrottlingException()) {
                return new AwsCallException(action, Kind.THROTTLED, code, action.iamName() + " was still throttled"
                        + " after retries with backoff (" + said + ")", e);
            }
            if (code != null && (code.endsWith("NotFound") || code.endsWith("NotFoundFault")
                    || code.endsWith("NotFoundException") || s.statusCode() == 404)) {
                return new AwsCallException(action, Kind.NOT_FOUND, code, action.iamName() + ": " + said, e);
            }
            return new AwsCallException(action, Kind.FAILED, code, action.iamName() + " failed (" + said + ")", e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || e instanceof SdkClientException) {
            return new AwsCallException(action, Kind.UNREACHABLE, null, action.iamName() + ": the " + action.service()
                    + " API could not be reached (" + firstLine(e.getMessage()) + ")", e);
        }
        return new AwsCallException(action, Kind.FAILED, null, action.iamName() + " failed (" + firstLine(e.getMessage())
                + ")", e);
    }

    public AwsAction action() {
        return action;
    }

    public Kind kind() {
        return kind;
    }

    /** AWS's error code (AccessDenied, Throttling, ...), or null when the call got no answer. */
    public String errorCode() {
        return errorCode;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
