package io.ghostwatch.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;

/** How an SDK failure is said: the kind decides the remedy, the sentence names the action. */
class AwsCallExceptionTest {

    private static ElastiCacheException elastiCache(int status, String code, String message) {
        return (ElastiCacheException) ElastiCacheException.builder().statusCode(status).awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void accessDeniedNamesThePermissionToGrant() {
        AwsCallException e = AwsCallException.of(AwsAction.DESCRIBE_CACHE_PARAMETERS, elastiCache(403, "AccessDenied",
                "User: arn:aws:sts::1:assumed-role/r/ghostwatch is not authorized to perform:"
                        + " elasticache:DescribeCacheParameters\\nmore"));
        assertThat(e.kind()).isEqualTo(AwsCallException.Kind.ACCESS_DENIED);
        assertThat(e.errorCode()).isEqualTo("AccessDenied");
        assertThat(e.getMessage()).startsWith("not allowed: elasticache:DescribeCacheParameters (AccessDenied: User:")
                .endsWith("; grant elasticache:DescribeCacheParameters to the role Ghostwatch uses");
        AwsCallException ec2 = AwsCallException.of(AwsAction.DESCRIBE_SECURITY_GROUPS, Ec2Exception.builder()
                .statusCode(403).awsErrorDetails(AwsErrorDetails.builder().errorCode("UnauthorizedOperation")
                        .errorMessage("You are not authorized to perform this operation.").build()).build());
        assertThat(ec2.kind()).isEqualTo(AwsCallException.Kind.ACCESS_DENIED);
        assertThat(ec2.getMessage()).startsWith("not allowed: ec2:DescribeSecurityGroups (UnauthorizedOperation:");
    }

    @Test
    void refusedCredentialsAreNotAMissingPermission() {
        AwsCallException unsigned = AwsCallException.of(AwsAction.DESCRIBE_SECURITY_GROUPS, Ec2Exception.builder()
                .statusCode(401).awsErrorDetails(AwsErrorDetails.builder().build()).build());
        assertThat(unsigned.kind()).isEqualTo(AwsCallException.Kind.FAILED);
        assertThat(unsigned.getMessage()).isEqualTo("ec2:DescribeSecurityGroups: the AWS credentials were refused (HTTP"
                + " 401); check the keys or role Ghostwatch runs with");
        assertThat(AwsCallException.of(AwsAction.DESCRIBE_REPLICATION_GROUPS, elastiCache(403, "InvalidClientTokenId",
                "The security token included in the request is invalid.")).getMessage())
                .contains("the AWS credentials were refused (InvalidClientTokenId:");
    }

    @Test
    void throttlingAfterTheRetriesNotFoundAndOtherRefusalsAreTold() {
        assertThat(AwsCallException.of(AwsAction.GET_METRIC_DATA, elastiCache(400, "Throttling", "Rate exceeded")))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.THROTTLED);
                    assertThat(e.getMessage()).isEqualTo("cloudwatch:GetMetricData was still throttled after retries"
                            + " with backoff (Throttling: Rate exceeded)");
                });
        assertThat(AwsCallException.of(AwsAction.DESCRIBE_CACHE_PARAMETER_GROUPS, elastiCache(404,
                "CacheParameterGroupNotFound", "CacheParameterGroup not found: x")).kind())
                .isEqualTo(AwsCallException.Kind.NOT_FOUND);
        assertThat(AwsCallException.of(AwsAction.MODIFY_REPLICATION_GROUP, elastiCache(400,
                "InvalidReplicationGroupState", "Replication group orders is not in available state.")))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.FAILED);
                    assertThat(e.getMessage()).isEqualTo("elasticache:ModifyReplicationGroup failed"
                            + " (InvalidReplicationGroupState: Replication group orders is not in available state.)");
                });
        assertThat(AwsCallException.of(AwsAction.ASSUME_ROLE, SdkClientException.create("Unable to execute HTTP"
                + " request: Connect to sts.us-east-1.amazonaws.com:443 failed"))).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(AwsCallException.Kind.UNREACHABLE);
                    assertThat(e.getMessage()).startsWith("sts:AssumeRole: the sts API could not be reached");
                });
    }
}
