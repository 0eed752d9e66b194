package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.aws.AwsAction;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IAM policies in infra/iam grant exactly the AWS actions the code declares ({@link AwsAction}), no more. */
class IamPolicyFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode policy(String file) throws IOException {
        return JSON.readTree(Files.readString(RepoFiles.file("infra/iam/" + file)));
    }

    private static List<String> allowedActions(JsonNode policy) {
        List<String> actions = new ArrayList<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            statement.get("Action").forEach(a -> actions.add(a.asText()));
        }
        return actions;
    }

    @Test
    void theAuditRolePolicyGrantsExactlyTheAuditsReadActions() throws IOException {
        assertThat(allowedActions(policy("elasticache-audit-policy.json"))).containsExactlyElementsOf(
                AwsAction.iamNames(AwsAction.Use.AUDIT).stream().filter(a -> !a.equals("sts:AssumeRole")).toList());
    }

    @Test
    void theFixRolePolicyGrantsExactlyWhatTheChangeEngineCalls() throws IOException {
        assertThat(allowedActions(policy("elasticache-fix-policy.json"))).containsExactlyElementsOf(
                AwsAction.iamNames(AwsAction.Use.FIX).stream().filter(a -> !a.equals("sts:AssumeRole")).toList());
    }

    @Test
    void theTrustPolicyLetsOnlyTheFunctionsAssumeTheRoleWithAnExternalId() throws IOException {
        JsonNode statement = policy("elasticache-role-trust-policy.json").get("Statement").get(0);
        assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(statement.at("/Condition/StringEquals/sts:ExternalId").isTextual()).isTrue();
        assertThat(statement.at("/Principal/AWS")).hasSize(2);
    }

    @Test
    void everyActionIsExplainedInTheReadme() throws IOException {
        String readme = Files.readString(RepoFiles.file("infra/iam/README.md"));
        for (AwsAction a : AwsAction.all()) {
            String name = a.iamName().substring(a.iamName().indexOf(':') + 1);
            assertThat(readme).as(a.iamName()).contains(name);
        }
    }
}
