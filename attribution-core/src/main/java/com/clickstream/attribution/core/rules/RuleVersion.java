package com.clickstream.attribution.core.rules;

/**
 * The version of the attribution rules (first-click, candidates, copies, multi-touch weights and money
 * splitting), recorded in every curated run's manifest so an answer can be traced to the rules that made
 * it. Bump it with any change to what a rule answers, and say what changed in docs/attribution.md.
 */
public final class RuleVersion {

    /** 1: the rules of docs/attribution.md as of the curated dataset's introduction. */
    public static final int CURRENT = 1;

    private RuleVersion() {
    }
}
