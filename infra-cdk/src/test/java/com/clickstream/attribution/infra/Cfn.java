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

    /** The {@code TableInput} of the Glue table named {@code name}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> glueTableInput(Template template, String name) {
        return resources(template, "AWS::Glue::Table").values().stream()
                .map(r -> (Map<String, Object>) properties(r).get("TableInput"))
                .filter(t -> name.equals(t.get("Name")))
                .findFirst().orElseThrow(() -> new AssertionError("no Glue table " + name));
    }

    /** The statements of the policies attached to the role with logical id {@code roleId} (and its inline ones). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> roleStatements(Template template, String roleId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Object> ref = Map.of("Ref", roleId);
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            resources(template, type).values().stream().map(Cfn::properties)
                    .filter(p -> list(p.get("Roles")).contains(ref))
                    .forEach(p -> list(path(p, "PolicyDocument", "Statement")).forEach(s -> statements.add((Map<String, Object>) s)));
        }
        list(path(template.toJSON(), "Resources", roleId, "Properties", "Policies")).forEach(p ->
                list(path(p, "PolicyDocument", "Statement")).forEach(s -> statements.add((Map<String, Object>) s)));
        return statements;
    }

    /** One action an Allow statement grants on one resource (rendered with {@link #render}). */
    public record Allowed(String action, String resource) {
    }

    /** Every (action, resource) pair the Allow statements among {@code statements} grant. */
    public static List<Allowed> allowed(List<Map<String, Object>> statements) {
        List<Allowed> out = new ArrayList<>();
        statements.stream().filter(s -> "Allow".equals(s.get("Effect"))).forEach(s ->
                list(s.get("Action")).forEach(a -> list(s.get("Resource")).forEach(r ->
                        out.add(new Allowed((String) a, render(r))))));
        return out;
    }

    /** The logical id of a construct's CloudFormation resource in its stack. */
    public static String logicalId(software.constructs.IConstruct construct) {
        return software.amazon.awscdk.Stack.of(construct)
                .getLogicalId((software.amazon.awscdk.CfnElement) construct.getNode().getDefaultChild());
    }

    /**
     * A value with intrinsics as readable text: {@code Fn::Join} joined, {@code Ref} / {@code Fn::GetAtt} /
     * {@code Fn::ImportValue} as {@code ${...}} (an ARN of the raw bucket reads {@code ${StorageRaw…Arn}/curated/*}).
     */
    public static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            switch (String.valueOf(e.getKey())) {
                case "Fn::Join" -> {
                    List<Object> join = list(e.getValue());
                    StringBuilder out = new StringBuilder();
                    list(join.get(1)).forEach(part -> out.append(render(part)));
                    return out.toString();
                }
                case "Ref" -> {
                    return "${" + e.getValue() + "}";
                }
                case "Fn::GetAtt" -> {
                    return "${" + String.join(".", list(e.getValue()).stream().map(String::valueOf).toList()) + "}";
                }
                case "Fn::ImportValue" -> {
                    return "${import:" + render(e.getValue()) + "}";
                }
                default -> {
                    return String.valueOf(value);
                }
            }
        }
        return String.valueOf(value);
    }
}
