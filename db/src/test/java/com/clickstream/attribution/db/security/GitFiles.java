package com.clickstream.attribution.db.security;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository's own file list (git), which the source scans read instead of walking build output. */
final class GitFiles {

    private GitFiles() {
    }

    /** The folder holding {@code .git} above the working directory; fails the test when there is none. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        fail("no git repository above " + dir + ": the scan needs the git file list");
        return null;
    }

    /** Tracked files, relative to {@code root}. */
    static List<String> tracked(Path root) throws IOException, InterruptedException {
        return lsFiles(root, "--cached");
    }

    /** Tracked and new (untracked, not ignored) files, relative to {@code root}. */
    static List<String> trackedAndNew(Path root) throws IOException, InterruptedException {
        return lsFiles(root, "--cached", "--others", "--exclude-standard");
    }

    private static List<String> lsFiles(Path root, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=off", "ls-files", "-z"));
        command.addAll(List.of(options));
        Process git = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out;
        try (InputStream in = git.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
            git.destroyForcibly();
            fail("git ls-files failed in " + root);
        }
        List<String> files = new ArrayList<>();
        for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) {
            if (!f.isEmpty()) {
                files.add(f);
            }
        }
        return files.stream().distinct().toList();
    }
}
