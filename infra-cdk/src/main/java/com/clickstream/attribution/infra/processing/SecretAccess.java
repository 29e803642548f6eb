package com.clickstream.attribution.infra.processing;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Read access to the database secret for roles of this stack, granted on the roles only.
 *
 * <p>Why not {@code secret.grantRead(role)}: for a secret encrypted with a customer key, CDK also adds the
 * role to the KEY's policy (through secretsmanager), and the key lives in the data stack, which the
 * processing stack depends on: a dependency cycle. The key policy already lets this account's IAM
 * policies decide, so a {@code kms:Decrypt} statement on the role, limited to calls made through
 * Secrets Manager, is the same permission without the cycle. The secret is imported by its full ARN
 * (an import carries no key), so ECS's automatic grant for injected secrets takes the same path.
 */
final class SecretAccess {

    private SecretAccess() {
    }

    /** The database secret as seen from {@code scope}'s stack. */
    static ISecret importSecret(Construct scope, String id, ISecret secret) {
        return Secret.fromSecretCompleteArn(scope, id, secret.getSecretArn());
    }

    /** Lets {@code role} decrypt secrets encrypted with {@code key} through Secrets Manager only. */
    static void allowDecryptThroughSecretsManager(Construct scope, IRole role, IKey key) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("DecryptTheDatabaseSecret")
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                        "secretsmanager." + Stack.of(scope).getRegion() + ".amazonaws.com")))
                .build());
    }
}
