package com.clickstream.attribution.infra;

import com.clickstream.attribution.infra.config.PipelineSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The app as the tests see it, synthesized ONCE per test JVM (about 10 s): the context of cdk.json (so
 * the feature flags match `cdk synth`) plus a GitHub repository and an alarm e-mail, environment-agnostic.
 *
 * <p>Lambda jars: the real ones when glue-streaming-job / generator have been packaged (always in a
 * reactor `mvn verify`, which builds them first); otherwise, e.g. `mvn -pl infra-cdk verify` on a fresh
 * clone, a tiny placeholder jar written to target/ — for tests only; InfraApp itself refuses to
 * synthesize without the real jars.
 */
public final class InfraTestApp {

    public static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();
    public static final String GITHUB_REPOSITORY = "https://github.com/example-org/clickstream-attribution";

    private static InfraTestApp instance;

    private final PipelineSettings settings;
    private final PipelineStacks stacks;
    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final Map<String, String> lambdaJars = new LinkedHashMap<>();

    private InfraTestApp() {
        Map<String, Object> context = new LinkedHashMap<>(cdkJsonContext());
        context.put("githubRepository", GITHUB_REPOSITORY);
        context.put("alarmEmail", "oncall@example.com");
        context.put("repoRoot", REPO_ROOT.toString());
        context.put("orchestratorJar", jarOrPlaceholder("orchestratorJar", PipelineSettings.DEFAULT_ORCHESTRATOR_JAR));
        context.put("generatorJar", jarOrPlaceholder("generatorJar", PipelineSettings.DEFAULT_GENERATOR_JAR));
        App app = App.Builder.create().context(context).build();
        this.settings = PipelineSettings.fromContext(app.getNode()::tryGetContext);
        this.stacks = PipelineStacks.addTo(app, settings, null);
        for (Stack stack : stacks.all()) {
            templates.put(stack.getStackName(), Template.fromStack(stack));
        }
    }

    public static synchronized InfraTestApp get() {
        if (instance == null) {
            instance = new InfraTestApp();
        }
        return instance;
    }

    public PipelineStacks stacks() {
        return stacks;
    }

    public PipelineSettings settings() {
        return settings;
    }

    public Template template(Stack stack) {
        return templates.get(stack.getStackName());
    }

    public Map<String, Template> templates() {
        return templates;
    }

    /** Which jar each Lambda was synthesized with (real or placeholder), for the test log. */
    public Map<String, String> lambdaJars() {
        return lambdaJars;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(Path.of("cdk.json").toFile(), Map.class);
            return (Map<String, Object>) cdkJson.get("context");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String jarOrPlaceholder(String key, String relative) {
        Path real = REPO_ROOT.resolve(relative);
        if (Files.isRegularFile(real)) {
            lambdaJars.put(key, real.toString());
            return real.toString();
        }
        Path placeholder = Path.of("target", "test-placeholders", key + ".jar").toAbsolutePath();
        try {
            Files.createDirectories(placeholder.getParent());
            try (OutputStream out = Files.newOutputStream(placeholder); JarOutputStream jar = new JarOutputStream(out)) {
                jar.putNextEntry(new JarEntry("PLACEHOLDER.txt"));
                jar.write(("test placeholder: " + relative + " was not built").getBytes());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lambdaJars.put(key, "PLACEHOLDER (" + relative + " not built)");
        System.out.println("[infra-cdk tests] " + relative + " not built: synthesizing with a placeholder jar");
        return placeholder.toString();
    }
}
