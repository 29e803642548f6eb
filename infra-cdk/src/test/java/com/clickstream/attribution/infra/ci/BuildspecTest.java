package com.clickstream.attribution.infra.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * buildspec.yml parses, has the phases CodeBuild needs, and every command it names exists in the repo:
 * scripts (and the scripts those call), Maven modules, npm scripts and lockfiles, artifact paths.
 */
class BuildspecTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SCRIPT = Pattern.compile("((?:[\\w.-]+/)*[\\w.-]+\\.sh)\\b");
    private static final Pattern NPM_RUN = Pattern.compile("npm --prefix (\\S+) run (\\S+)");
    private static final Pattern NPM_CI = Pattern.compile("npm ci --prefix (\\S+)");
    private static final Pattern MAVEN_MODULES = Pattern.compile("-pl\\s+(\\S+)");

    private static JsonNode buildspec;
    private static List<String> commands;

    @BeforeAll
    static void parse() throws IOException {
        buildspec = new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("buildspec.yml").toFile());
        commands = new ArrayList<>();
        buildspec.path("phases").forEach(phase -> phase.path("commands").forEach(c -> commands.add(c.asText())));
    }

    @Test
    void isVersion02WithTheFourPhases() {
        assertThat(buildspec.path("version").asText()).isEqualTo("0.2");
        assertThat(buildspec.path("phases").fieldNames()).toIterable()
                .containsExactly("install", "pre_build", "build", "post_build");
    }

    @Test
    void installsCorretto17AndNode20() {
        JsonNode runtimes = buildspec.path("phases").path("install").path("runtime-versions");
        assertThat(runtimes.path("java").asText()).isEqualTo("corretto17");
        assertThat(runtimes.path("nodejs").asText()).isEqualTo("20");
    }

    @Test
    void buildsWithTheReadmeTestCommandThenSynthesizes() throws IOException {
        List<String> build = new ArrayList<>();
        buildspec.path("phases").path("build").path("commands").forEach(c -> build.add(c.asText()));
        assertThat(build.get(0)).isEqualTo("mvn -B verify");
        assertThat(Files.readString(REPO.resolve("README.md"))).contains("mvn -B verify");
        assertThat(Files.readString(REPO.resolve(".ci/run"))).contains("mvn -B verify");
        assertThat(build).anyMatch(c -> c.startsWith("npm --prefix infra-cdk run synth"));
    }

    @Test
    void deploysOnlyBehindTheApprovalSwitch() throws IOException {
        assertThat(buildspec.path("env").path("variables").path(BuildProject.DEPLOY_SWITCH).asText()).isEqualTo("false");
        assertThat(commands).noneMatch(c -> c.contains("cdk deploy") || c.contains("run deploy") || c.contains("aws s3"));
        String deploy = Files.readString(REPO.resolve("infra-cdk/scripts/deploy.sh"));
        assertThat(deploy).contains("\"${DEPLOY_ENABLED:-false}\" != \"true\"");
    }

    @Test
    void everyScriptNamedExistsAndIsExecutableIncludingTheScriptsTheyCall() throws IOException {
        List<Path> seen = new ArrayList<>();
        // (text, folder its bare script names are relative to); scripts cd to the repository root first
        List<Map.Entry<String, Path>> texts = new ArrayList<>();
        commands.forEach(c -> texts.add(Map.entry(c, REPO)));
        for (int i = 0; i < texts.size(); i++) {
            // commands only: comment lines of the followed scripts mention scripts without running them
            String code = texts.get(i).getKey().lines().filter(l -> !l.strip().startsWith("#"))
                    .collect(Collectors.joining("\n"));
            Matcher m = SCRIPT.matcher(code);
            while (m.find()) {
                String name = m.group(1);
                Path script = (name.contains("/") ? REPO : texts.get(i).getValue()).resolve(name).normalize();
                assertThat(script).as("script named in: " + code).isRegularFile();
                assertThat(Files.isExecutable(script)).as(script + " executable").isTrue();
                if (!seen.contains(script)) {
                    seen.add(script);
                    texts.add(Map.entry(Files.readString(script), script.getParent())); // follow the scripts it calls
                }
            }
            checkNpm(code);
            checkMaven(code);
        }
        assertThat(seen).extracting(p -> p.getFileName().toString())
                .contains("deploy.sh", "fetch-kinesis-connector.sh", "upload-glue-artifacts.sh");
    }

    @Test
    void reportsAreJunitXmlFromSurefireAndFailsafe() {
        JsonNode reports = buildspec.path("reports");
        assertThat(reports.size()).isEqualTo(1);
        JsonNode group = reports.elements().next();
        assertThat(group.path("file-format").asText()).isEqualTo("JUNITXML");
        List<String> files = new ArrayList<>();
        group.path("files").forEach(f -> files.add(f.asText()));
        assertThat(files).containsExactlyInAnyOrder("*/target/surefire-reports/TEST-*.xml", "*/target/failsafe-reports/TEST-*.xml");
    }

    @Test
    void everyArtifactPathIsUnderAModuleOfTheBuild() throws IOException {
        String parentPom = Files.readString(REPO.resolve("pom.xml"));
        buildspec.path("artifacts").path("files").forEach(f -> {
            String module = f.asText().substring(0, f.asText().indexOf('/'));
            assertThat(parentPom).as("artifact " + f.asText()).contains("<module>" + module + "</module>");
        });
        assertThat(REPO.resolve("infra-cdk/glue/placeholder.scala")).isRegularFile();
    }

    private static void checkNpm(String text) {
        Matcher run = NPM_RUN.matcher(text);
        while (run.find()) {
            Path packageJson = REPO.resolve(run.group(1)).resolve("package.json");
            assertThat(packageJson).as("package.json for: " + run.group()).isRegularFile();
            try {
                JsonNode scripts = new ObjectMapper().readTree(packageJson.toFile()).path("scripts");
                assertThat(scripts.has(run.group(2))).as("npm script '" + run.group(2) + "' in " + packageJson).isTrue();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        Matcher ci = NPM_CI.matcher(text);
        while (ci.find()) {
            assertThat(REPO.resolve(ci.group(1)).resolve("package-lock.json")).as("lockfile for: " + ci.group()).isRegularFile();
        }
    }

    private static void checkMaven(String text) {
        Matcher pl = MAVEN_MODULES.matcher(text);
        while (pl.find()) {
            for (String module : pl.group(1).split(",")) {
                assertThat(REPO.resolve(module).resolve("pom.xml")).as("Maven module " + module).isRegularFile();
            }
        }
    }
}
