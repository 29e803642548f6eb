package com.clickstream.attribution.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Plain-map access to a synthesized template, for checks that iterate over every resource of a kind. */
public final class Cfn {

    private Cfn() {
    }

    /** logical id -> resource (Type, Properties, Metadata, …) of every resource of {@code type}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> resources(Template template, String type) {
        Map<String, Object> json = template.toJSON();
        Map<String, Map<String, Object>> all = (Map<String, Map<String, Object>>) json.getOrDefault("Resources", Map.of());
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        all.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                matching.put(id, r);
            }
        });
        return matching;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** The only resource of {@code type}'s properties (fails if there is not exactly one). */
    public static Map<String, Object> only(Template template, String type) {
        Map<String, Map<String, Object>> r = resources(template, type);
        if (r.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + r.keySet());
        }
        return properties(r.values().iterator().next());
    }

    @SuppressWarnings("unchecked")
    public static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }

    /** A value that may be a single item or a list, as a list (IAM Action/Resource). */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    /** Every IAM policy statement in the template: AWS::IAM::Policy, ManagedPolicy and inline role policies. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> iamStatements(Template template) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            resources(template, type).values().forEach(r ->
                    list(path(properties(r), "PolicyDocument", "Statement")).forEach(s -> statements.add((Map<String, Object>) s)));
        }
        resources(template, "AWS::IAM::Role").values().forEach(r ->
                list(properties(r).get("Policies")).forEach(p ->
                        list(path(p, "PolicyDocument", "Statement")).forEach(s -> statements.add((Map<String, Object>) s))));
        return statements;
    }
}
