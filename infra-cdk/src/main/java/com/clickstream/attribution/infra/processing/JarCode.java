package com.clickstream.attribution.infra.processing;

import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.services.lambda.Code;

/**
 * Lambda code from a jar another module builds. The app refuses to synthesize without the jar (a
 * deployment with a missing or stale handler is worse than a clear error); tests that run before the
 * jars exist point the context keys {@code orchestratorJar} / {@code generatorJar} at a placeholder
 * instead (see InfraTestApp).
 */
final class JarCode {

    private JarCode() {
    }

    static Code of(Path jar, String buildHint) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Lambda jar " + jar.toAbsolutePath().normalize() + " does not exist: build it first ("
                    + buildHint + "), or point the CDK context at it");
        }
        return Code.fromAsset(jar.toAbsolutePath().normalize().toString());
    }
}
