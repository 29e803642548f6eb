package com.clickstream.attribution.infra.nag;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, each with its reason next to the construct it concerns. A suppression names
 * one rule and, for IAM5 (wildcards), the exact wildcard findings it accepts, so a new wildcard that
 * slips in later is still reported.
 */
public final class Nag {

    /** Reasons shorter than this are not reasons (checked again by CdkNagTest). */
    public static final int MIN_REASON_LENGTH = 40;

    private Nag() {
    }

    /** Suppresses {@code rule} on {@code construct} and its children. */
    public static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression(rule, reason, List.of())), true);
    }

    /**
     * Suppresses only the listed findings of {@code rule} (e.g. IAM5's {@code "Action::s3:GetObject*"},
     * or a {@code regex:/.../} pattern for findings that name a token such as
     * {@code Resource::<RawBucket1234.Arn>/*}).
     */
    public static void suppressFindings(IConstruct construct, String rule, String reason, String... findings) {
        List<Object> appliesTo = new ArrayList<>();
        for (String finding : findings) {
            appliesTo.add(finding.startsWith("regex:")
                    ? RegexAppliesTo.builder().regex(finding.substring("regex:".length())).build()
                    : finding);
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression(rule, reason, appliesTo)), true);
    }

    private static NagPackSuppression suppression(String rule, String reason, List<Object> appliesTo) {
        if (reason == null || reason.strip().length() < MIN_REASON_LENGTH) {
            throw new IllegalArgumentException("a suppression of " + rule + " needs a real reason: " + reason);
        }
        NagPackSuppression.Builder b = NagPackSuppression.builder().id(rule).reason(reason);
        if (!appliesTo.isEmpty()) {
            b.appliesTo(appliesTo);
        }
        return b.build();
    }
}
