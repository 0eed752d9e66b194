/**
 * A local stand-in for the AWS APIs Ghostwatch calls (ElastiCache, EC2, CloudWatch, STS, Secrets Manager), speaking each
 * service's real wire protocol so the real AWS SDK clients work against it unchanged, and the in-memory fleet it
 * serves.
 * <p>
 * What belongs here: {@link io.ghostwatch.core.testing.aws.AwsStandIn} (the HTTP server: SigV4 checks, routing,
 * fault injection, the call log), the per-protocol service handlers, and the fleet model tests populate per account
 * and region ({@link io.ghostwatch.core.testing.aws.RegionFleet} with its records and fixture builders such as
 * {@link io.ghostwatch.core.testing.aws.ReplicationGroupSpec}). Nothing here is used by production code.
 */
package io.ghostwatch.core.testing.aws;
