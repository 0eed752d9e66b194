package io.ghostwatch.core.testing.aws;

/** Thrown while handling a request to answer it with a {@link ServiceError} instead of a result. */
final class ServiceFault extends RuntimeException {

    private final transient ServiceError error;

    ServiceFault(ServiceError error) {
        super(error.code() + " (" + error.status() + "): " + error.message(), null, false, false);
        this.error = error;
    }

    /** A caller error with HTTP 400. */
    static ServiceFault badRequest(String code, String message) {
        return new ServiceFault(ServiceError.sender(400, code, message));
    }

    /** A caller error with HTTP 404 (ElastiCache's *NotFound errors). */
    static ServiceFault notFound(String code, String message) {
        return new ServiceFault(ServiceError.sender(404, code, message));
    }

    ServiceError error() {
        return error;
    }
}
