package io.ghostwatch.core.testing.aws;

import java.util.Objects;

/**
 * An error a service answers with, before it is put on the wire in the service's protocol.
 *
 * @param status      the HTTP status
 * @param code        the error code as the awsQuery / EC2 protocols name it ({@code AccessDenied}, {@code Throttling},
 *                    {@code InvalidParameterValue}, ...); CloudWatch sends it in {@code x-amzn-query-error}
 * @param senderFault whether the caller is at fault ({@code Sender}) rather than the service ({@code Receiver})
 */
record ServiceError(int status, String code, String message, boolean senderFault) {

    ServiceError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static ServiceError sender(int status, String code, String message) {
        return new ServiceError(status, code, message, true);
    }
}
