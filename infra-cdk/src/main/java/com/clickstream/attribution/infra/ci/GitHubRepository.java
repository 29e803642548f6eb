package com.clickstream.attribution.infra.ci;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub repository given as its URL ({@code https://github.com/owner/repo[.git]}) or as
 * {@code owner/repo}.
 */
public record GitHubRepository(String owner, String repo) {

    private static final Pattern URL = Pattern.compile(
            "^(?:https://github\\.com/|git@github\\.com:)?([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

    public static GitHubRepository parse(String text) {
        Matcher m = URL.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a GitHub repository URL (https://github.com/owner/repo): " + text);
        }
        return new GitHubRepository(m.group(1), m.group(2));
    }

    public String url() {
        return "https://github.com/" + owner + "/" + repo;
    }
}
