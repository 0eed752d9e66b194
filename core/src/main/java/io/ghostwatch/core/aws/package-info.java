/**
 * How Ghostwatch talks to AWS APIs other than DynamoDB and SQS: every action it may call, declared once
 * ({@link AwsAction}, from which the IAM policies in {@code template.yaml} and {@code infra/iam/} are held to the code),
 * the SDK clients per account and region with the lightweight URL-connection HTTP client, throttling retried with
 * backoff and role assumption into other accounts ({@link AwsClients}); EC2's two reads without the SDK's 27 MB ec2
 * module, over EC2's query protocol with the SDK's signer and HTTP client ({@link Ec2QueryClient}); the Secrets Manager
 * reader behind the config's {@code secret:} references ({@link SecretsManagerReader}, built the same way); and one way
 * to turn an SDK failure into a sentence that names the action ({@link AwsCallException}).
 */
package io.ghostwatch.core.aws;
