/**
 * Test support: real redis-server processes, clusters and misbehaving listeners on loopback (for *IT), bare
 * idle clients of them ({@link io.ghostwatch.core.testing.RawClient}), a stand-in
 * for the Slack Web API ({@link io.ghostwatch.core.testing.SlackApiStandIn}), network
 * namespaces for faults that need a real network (as root), and the captured fixtures and snapshot factory the
 * unit tests build on; {@link io.ghostwatch.core.testing.ChildJvm} runs a test main as a second process, and
 * {@link io.ghostwatch.core.testing.CfnTemplate} reads template.yaml for each module's template test. The AWS APIs the
 * ElastiCache audit calls have their own stand-in in {@code io.ghostwatch.core.testing.aws}, which shares
 * {@link io.ghostwatch.core.testing.FormEncoding} with the Slack stand-in. {@link io.ghostwatch.core.testing.ManualClock}
 * is the clock a test moves by hand; {@link io.ghostwatch.core.testing.DynamoDbLocal} runs DynamoDB Local in this JVM
 * (one per store IT class through {@code DynamoDbLocal.perClass()}).
 */
package io.ghostwatch.core.testing;
