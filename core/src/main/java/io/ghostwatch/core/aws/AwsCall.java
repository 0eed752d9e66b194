package io.ghostwatch.core.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs one AWS call (all its pages, when it pages), so that a failure names the action ({@link AwsCallException}). */
public final class AwsCall {
    private AwsCall() {
    }

    public static <T> T run(AwsAction action, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw AwsCallException.of(action, e);
        }
    }
}
