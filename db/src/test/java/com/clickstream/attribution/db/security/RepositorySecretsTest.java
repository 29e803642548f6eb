package com.clickstream.attribution.db.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No secret in the repository (issue 8, "Security"). Scans every git-tracked text file (binary files and files
 * over 2 MB are skipped) for AWS access key ids, AWS secret keys assigned in code or config, private key blocks,
 * GitHub/npm/Slack tokens, JDBC URLs with an inline password, and password literals in .properties/.yml/.yaml/.json
 * files, and fails with file:line for each hit. Placeholders ({@code ${...}}) and empty values are not secrets.
 *
 * <p>It lives in {@code db} because that module is cheap to build and has no runtime dependency on the others; it
 * scans the whole repository, found by walking up from the module directory to the one holding {@code .git}.
 */
class RepositorySecretsTest {

    private static final long MAX_BYTES = 2L * 1024 * 1024;

    /** Extensions never scanned as text (they are also detected by a NUL byte, this just saves reading them). */
    private static final Set<String> BINARY_EXTENSIONS = Set.of(
            "png", "jpg", "jpeg", "gif", "ico", "pdf", "jar", "zip", "gz", "tgz", "class", "parquet", "avro", "woff",
            "woff2", "ttf");

    /**
     * Known test fixtures that match a rule on purpose: (repository-relative file, reason). Keep it minimal; every
     * entry must be a dummy credential used only against a loopback test server. Empty today: the local dummy
     * credentials in the code ("local"/"local" for kinesalite, "local-access-key"/"local-secret-key" for s3proxy
     * in test-support's S3ServerExtension and runtime-support's AwsClients) are short, obviously fake strings that
     * match none of the rules, so nothing needs an exemption.
     */
    private static final Map<String, String> ALLOWED = Map.of();

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{[^}]*}$");

    private enum Rule {
        AWS_ACCESS_KEY_ID("AWS access key id", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), 0),
        AWS_SECRET_KEY("AWS secret access key",
                Pattern.compile("(?i)(?:aws_secret_access_key|secretAccessKey|SECRET_ACCESS_KEY)[\"']?\\s*[:=,]\\s*"
                        + "(?:\\(\\s*)?[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"), 1),
        PRIVATE_KEY("private key block", Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----"), 0),
        GITHUB_TOKEN("GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b"), 0),
        NPM_TOKEN("npm token", Pattern.compile("\\bnpm_[A-Za-z0-9]{36}\\b"), 0),
        SLACK_TOKEN("Slack token", Pattern.compile("\\bxox[bpars]-[A-Za-z0-9-]{10,}"), 0),
        JDBC_PASSWORD("JDBC URL with an inline password",
                Pattern.compile("(?i)jdbc:[a-z0-9]+:[^\\s\"'<>]*?[?&;:]password=([^&;\\s\"'<>]*)"), 1),
        CONFIG_PASSWORD("password literal in configuration",
                Pattern.compile("(?i)[\"']?[a-z0-9_.-]*password[\"']?\\s*[:=]\\s*[\"']?([^\"'\\s,#}]*)"), 1);

        final String description;
        final Pattern pattern;
        /** The group holding the value that must be non-empty and not a placeholder; 0 = any match counts. */
        final int valueGroup;

        Rule(String description, Pattern pattern, int valueGroup) {
            this.description = description;
            this.pattern = pattern;
            this.valueGroup = valueGroup;
        }

        boolean appliesTo(String file) {
            if (this != CONFIG_PASSWORD) {
                return true;
            }
            String name = file.toLowerCase(Locale.ROOT);
            return name.endsWith(".properties") || name.endsWith(".yml") || name.endsWith(".yaml")
                    || name.endsWith(".json");
        }
    }

    @Test
    void noTrackedFileContainsASecret() throws Exception {
        Path root = GitFiles.repositoryRoot();
        List<String> findings = new ArrayList<>();
        int scanned = 0;
        for (String file : GitFiles.tracked(root)) {
            Path path = root.resolve(file);
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_BYTES || BINARY_EXTENSIONS.contains(extension(file))
                    || ALLOWED.containsKey(file)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(path);
            if (isBinary(bytes)) {
                continue;
            }
            scanned++;
            findings.addAll(scan(file, new String(bytes, StandardCharsets.UTF_8)));
        }
        System.out.printf("RepositorySecretsTest: scanned %d tracked text files, %d finding(s), %d allow-listed%n",
                scanned, findings.size(), ALLOWED.size());
        assertThat(scanned).as("tracked text files scanned").isGreaterThan(10);
        if (!findings.isEmpty()) {
            fail("Possible secrets in tracked files (remove them, or allow-list a loopback test fixture with a reason):\n"
                    + String.join("\n", findings));
        }
    }

    @Test
    void theDetectorFlagsPlantedSecrets() {
        // Built by concatenation so that this source file does not match its own rules.
        String akia = "AK" + "IA" + "ABCDEFGHIJKLMNOP";
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";
        String begin = "-----" + "BEGIN RSA PRIVATE" + " KEY-----";
        String github = "gh" + "p_" + "a".repeat(36);
        String npm = "np" + "m_" + "B".repeat(36);
        String slack = "xo" + "xb-" + "1234567890-abcdef";
        String pw = "pass" + "word";

        assertThat(scan("A.java", "String id = \"" + akia + "\";")).singleElement().asString()
                .startsWith("A.java:1: AWS access key id");
        assertThat(scan("A.java", "String id = \"" + "AS" + "IA" + "QRSTUVWXYZ012345" + "\";")).hasSize(1);
        assertThat(scan("credentials", "[default]\naws_secret_access_key = " + secret)).singleElement().asString()
                .startsWith("credentials:2: AWS secret access key");
        assertThat(scan("A.java", "o.put(\"secretAccessKey\", \"" + secret + "\");")).hasSize(1);
        assertThat(scan("env.sh", "export AWS_SECRET_ACCESS_KEY=" + secret)).hasSize(1);
        assertThat(scan("key.pem", "x\n" + begin + "\nMIIE")).singleElement().asString().startsWith("key.pem:2:");
        assertThat(scan("ci.sh", "TOKEN=" + github)).hasSize(1);
        assertThat(scan(".npmrc", "//registry.npmjs.org/:_authToken=" + npm)).hasSize(1);
        assertThat(scan("hook.txt", slack)).hasSize(1);
        assertThat(scan("A.java", "url = \"jdbc:postgresql://db:5432/x?user=app&" + pw + "=hunter2\"")).hasSize(1);
        assertThat(scan("a.properties", "spring.datasource." + pw + "=hunter2")).hasSize(1);
        assertThat(scan("a.yml", "db:\n  " + pw + ": hunter2")).singleElement().asString().startsWith("a.yml:2:");
        assertThat(scan("a.json", "{\"" + pw + "\": \"hunter2\"}")).hasSize(1);
    }

    @Test
    void theDetectorIgnoresPlaceholdersEmptyValuesAndOrdinaryCode() {
        String pw = "pass" + "word";
        assertThat(scan("a.properties", "spring.datasource." + pw + "=${SPRING_DATASOURCE_" + "PASSWORD}")).isEmpty();
        assertThat(scan("a.properties", "spring.datasource." + pw + "=")).isEmpty();
        assertThat(scan("a.yml", pw + ": ${DB_" + "PASSWORD}")).isEmpty();
        assertThat(scan("a.yml", pw + ": \"\"")).isEmpty();
        assertThat(scan("a.json", "{\"" + pw + "\": \"${secret}\"}")).isEmpty();
        assertThat(scan("A.java", "url = \"jdbc:postgresql://db/x?" + pw + "=${DB_" + "PASSWORD}\"")).isEmpty();
        assertThat(scan("A.java", "url = \"jdbc:postgresql://db/x?user=app&" + pw + "=\"")).isEmpty();
        assertThat(scan("A.java", "url = \"jdbc:postgresql://db:5432/x?user=app\"")).isEmpty();
        // Password literals are only a rule for configuration files; Java reads them from the environment.
        assertThat(scan("A.java", "props.setProperty(\"" + pw + "\", database." + pw + "());")).isEmpty();
        // The short local dummy credentials of the loopback test servers match no rule.
        assertThat(scan("A.java", "AwsBasicCredentials.create(\"local-access-key\", \"local-secret-key\")")).isEmpty();
        assertThat(scan("A.java", "o.put(\"awsSecretKey\", \"local\"); String secretAccessKey = s3.secretAccessKey();"))
                .isEmpty();
        assertThat(scan("A.java", "String name = \"AKIA_IS_NOT_A_KEY\";")).isEmpty();
    }

    /** Findings for one file's text, each "file:line: rule". */
    static List<String> scan(String file, String text) {
        List<String> findings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Rule rule : Rule.values()) {
                if (!rule.appliesTo(file)) {
                    continue;
                }
                Matcher m = rule.pattern.matcher(lines[i]);
                while (m.find()) {
                    if (rule.valueGroup > 0 && !isRealValue(m.group(rule.valueGroup))) {
                        continue;
                    }
                    findings.add(file + ":" + (i + 1) + ": " + rule.description);
                    break;
                }
            }
        }
        return findings;
    }

    private static boolean isRealValue(String value) {
        String v = value == null ? "" : value.strip();
        return !v.isEmpty() && !PLACEHOLDER.matcher(v).matches() && !v.startsWith("${");
    }

    private static boolean isBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8000);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }


}
