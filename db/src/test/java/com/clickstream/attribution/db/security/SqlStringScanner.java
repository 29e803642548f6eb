package com.clickstream.attribution.db.security;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds SQL built from non-constant strings in Java source, on JavaParser's syntax trees (no compiling, no
 * symbol resolution), with two detectors:
 *
 * <ol>
 *   <li><b>JDBC calls</b>: the SQL argument of {@code prepareStatement}, {@code prepareCall}, {@code execute},
 *       {@code executeQuery}, {@code executeUpdate}, {@code executeLargeUpdate}, {@code addBatch}, {@code copyIn},
 *       {@code copyOut} and Spring's {@code JdbcTemplate} methods ({@code update}, {@code batchUpdate},
 *       {@code query*}). It is fine when it is constant; it is a finding when it is composed from a value
 *       (concatenation, {@code String.format}, {@code formatted}, {@code concat}, {@code String.join}, a
 *       {@code StringBuilder}), directly or through a local variable assigned that way. A method parameter is passed
 *       through (counted): the statement was built by the caller, where detector 2 looks.</li>
 *   <li><b>SQL text anywhere</b>: an expression that contains a string literal that looks like SQL (upper-case
 *       keywords, as this project writes SQL) and is composed with a non-constant value.</li>
 * </ol>
 *
 * <p>Constant means: literals, {@code static final} fields whose initializers are constant (in any scanned file,
 * also as {@code Class.NAME}), and {@code formatted}/{@code String.format}/string methods applied to constants only.
 * Names are matched by their simple names: without symbol resolution a local variable that shadows a constant
 * counts as the constant.
 */
final class SqlStringScanner {

    /** One statement built from a non-constant string. */
    record Finding(String file, int line, String detector, String expression) {
        String describe() {
            String e = expression.length() > 160 ? expression.substring(0, 157) + "..." : expression;
            return file + ":" + line + ": " + detector + ": " + e;
        }
    }

    /** {@code passThrough}: "file:line: method(argument)" of each call whose SQL is a parameter of the method. */
    record Result(List<Finding> findings, int files, int jdbcCalls, int constantCalls, List<String> passThrough) {
        int passThroughCalls() {
            return passThrough.size();
        }
    }

    /** Methods whose first argument is SQL text (JDBC, pgjdbc's CopyManager, Spring's JdbcTemplate). */
    static final Set<String> SQL_METHODS = Set.of("prepareStatement", "prepareCall", "execute", "executeQuery",
            "executeUpdate", "executeLargeUpdate", "addBatch", "copyIn", "copyOut", "nativeSQL", "update",
            "batchUpdate", "query", "queryForObject", "queryForList", "queryForMap", "queryForRowSet",
            "queryForStream");

    /** Upper-case SQL keywords in the shapes this project writes them; a literal containing one looks like SQL. */
    static final Pattern SQL_TEXT = Pattern.compile("\\b(?:SELECT\\s|INSERT\\s+INTO\\b|DELETE\\s+FROM\\b"
            + "|UPDATE\\s+[\\w.\"]+(?:\\s+AS\\s+\\w+)?\\s+SET\\b|TRUNCATE\\b|COPY\\s+\\S+\\s+(?:FROM|TO)\\b"
            + "|(?:CREATE|DROP|ALTER)\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMP|TEMPORARY|UNLOGGED|UNIQUE|TABLE|INDEX|SCHEMA|VIEW"
            + "|ROLE|USER|FUNCTION|EXTENSION|SEQUENCE|DATABASE|SYSTEM)\\b|GRANT\\s|REVOKE\\s|WHERE\\s|FROM\\s+[\\w\"]"
            + "|VALUES\\s*\\(|ON\\s+CONFLICT\\b|RETURNING\\s|ORDER\\s+BY\\b|GROUP\\s+BY\\b|JOIN\\s)"
            + "|^\\s*(?:SET|SHOW|RESET|UPDATE|VACUUM|ANALYZE|CHECKPOINT|LOCK|CALL|DO)\\b");

    /** SQL keywords, and no backtick: PostgreSQL never uses one, Markdown text about SQL always does. */
    static boolean looksLikeSql(String literal) {
        return literal.indexOf('`') < 0 && SQL_TEXT.matcher(literal).find();
    }

    /** Operators that keep building one string operand; anything else ({@code ==}, {@code &&}, ...) ends it. */
    private static final Set<BinaryExpr.Operator> ARITHMETIC = Set.of(BinaryExpr.Operator.PLUS,
            BinaryExpr.Operator.MINUS, BinaryExpr.Operator.MULTIPLY, BinaryExpr.Operator.DIVIDE,
            BinaryExpr.Operator.REMAINDER);
    private static final Set<String> BUILDING = Set.of("formatted", "format", "join", "concat", "append", "replace",
            "replaceAll", "repeat");
    private static final Set<String> STRING_STATICS = Set.of("format", "join", "valueOf");

    private final JavaParser parser = new JavaParser(
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    private final Map<String, CompilationUnit> units = new LinkedHashMap<>();
    private final Map<String, String> sources = new HashMap<>();
    /** Constants: "Class.NAME", and "file#NAME" for unqualified use in their own file. */
    private final Set<String> constants = new HashSet<>();

    private SqlStringScanner() {
    }

    /** Scans {@code sources} (file name -> Java text) together, so that constants of one file count in another. */
    static Result scan(Map<String, String> sources) {
        SqlStringScanner s = new SqlStringScanner();
        sources.forEach(s::parse);
        s.collectConstants();
        List<Finding> findings = new ArrayList<>();
        List<String> passThrough = new ArrayList<>();
        int[] counts = new int[2];
        s.units.forEach((file, unit) -> s.scanFile(file, unit, findings, counts, passThrough));
        return new Result(findings, sources.size(), counts[0], counts[1], passThrough);
    }

    /** A file that does not parse fails the scan: skipping it would pass it unread. */
    private void parse(String file, String text) {
        ParseResult<CompilationUnit> result = parser.parse(text);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            throw new IllegalArgumentException("cannot parse " + file + ": " + result.getProblems());
        }
        units.put(file, result.getResult().get());
        sources.put(file, text);
    }

    // ---- detectors ------------------------------------------------------------------------------------------

    private void scanFile(String file, CompilationUnit unit, List<Finding> findings, int[] counts,
            List<String> passThrough) {
        Set<Node> flagged = Collections.newSetFromMap(new IdentityHashMap<>());

        // 2. SQL-looking literals in composed, non-constant expressions
        List<LiteralExpr> literals = new ArrayList<>(unit.findAll(LiteralExpr.class,
                l -> literalText(l).map(SqlStringScanner::looksLikeSql).orElse(false)));
        literals.sort(Comparator.comparing(SqlStringScanner::begin));
        for (LiteralExpr literal : literals) {
            Expression region = region(literal);
            if (!flagged.contains(region) && composed(region) && !isConstant(region, file)) {
                flagged.add(region);
                findings.add(new Finding(file, line(region), "SQL text composed with a value", text(file, region)));
            }
        }

        // 1. JDBC calls whose SQL argument is not constant
        List<MethodCallExpr> calls = new ArrayList<>(unit.findAll(MethodCallExpr.class,
                c -> SQL_METHODS.contains(c.getNameAsString()) && c.getScope().isPresent() && c.getArguments().isNonEmpty()
                        && !(c.getArgument(0) instanceof LambdaExpr) && !(c.getArgument(0) instanceof MethodReferenceExpr)));
        calls.sort(Comparator.comparing(SqlStringScanner::begin));
        for (MethodCallExpr call : calls) {
            counts[0]++;
            Expression sql = call.getArgument(0);
            if (isConstant(sql, file)) {
                counts[1]++;
                continue;
            }
            String variable = bareName(sql);
            if (variable == null && composed(sql)) {
                if (flagged.add(sql)) {
                    findings.add(new Finding(file, line(call.getName()), call.getNameAsString() + "() of a composed string",
                            text(file, sql)));
                }
                continue;
            }
            Finding viaVariable = variable == null ? null : builtVariable(file, call, variable, flagged);
            if (viaVariable == ALREADY_REPORTED) {
                continue;
            }
            if (viaVariable != null) {
                findings.add(viaVariable);
            } else {
                passThrough.add(file + ":" + line(call.getName()) + ": " + call.getNameAsString() + "(" + text(file, sql) + ")");
            }
        }
    }

    /**
     * The expression around a literal, as far as it goes on building one string: through {@code +}, and through
     * method calls on it ({@code "...".formatted(x)}); an argument list, an assignment or a comparison ends it.
     */
    private static Expression region(Expression literal) {
        Expression current = literal;
        while (current.getParentNode().orElse(null) instanceof Expression parent) {
            Expression child = current;
            boolean continues = parent instanceof BinaryExpr b && ARITHMETIC.contains(b.getOperator())
                    || parent instanceof MethodCallExpr m && m.getScope().filter(s -> s == child).isPresent()
                    || parent instanceof FieldAccessExpr f && f.getScope() == child
                    || parent instanceof CastExpr;
            if (!continues) {
                break;
            }
            current = parent;
        }
        return current;
    }

    private static final Finding ALREADY_REPORTED = new Finding("", 0, "", "");

    /**
     * A local variable (or {@code sb.toString()}) passed as SQL to {@code call}: a finding when an assignment to it
     * in the same method before the call is composed from a value, or a builder it names appends a value;
     * {@link #ALREADY_REPORTED} when that assignment was reported as SQL text; null when the variable was not
     * built here (a parameter).
     */
    private Finding builtVariable(String file, MethodCallExpr call, String name, Set<Node> flagged) {
        Node scope = call.findAncestor(CallableDeclaration.class).map(Node.class::cast).orElse(call.findRootNode());
        List<Node> assignments = new ArrayList<>();
        scope.findAll(VariableDeclarator.class, v -> v.getNameAsString().equals(name) && v.getInitializer().isPresent())
                .forEach(assignments::add);
        scope.findAll(AssignExpr.class, a -> a.getTarget() instanceof NameExpr n && n.getNameAsString().equals(name))
                .forEach(assignments::add);
        assignments.removeIf(a -> !begin(a).isBefore(begin(call)));
        assignments.sort(Comparator.comparing(SqlStringScanner::begin));
        boolean reported = false;
        for (Node assignment : assignments) {
            if (assignment instanceof AssignExpr a && a.getOperator() == AssignExpr.Operator.PLUS) {
                return new Finding(file, line(call.getName()), call.getNameAsString() + "() of " + name
                        + ", appended to at line " + line(a), text(file, a));
            }
            if (assignment instanceof AssignExpr a && a.getOperator() != AssignExpr.Operator.ASSIGN) {
                continue;
            }
            Expression value = assignment instanceof AssignExpr a ? a.getValue()
                    : ((VariableDeclarator) assignment).getInitializer().orElseThrow();
            if (isBuilder(value)) {
                if (!appendsOnlyConstants(file, scope, name, call)) {
                    return new Finding(file, line(call.getName()), call.getNameAsString() + "() of builder "
                            + name + " (line " + line(assignment) + ") appended with a value", text(file, assignment));
                }
            } else if (composed(value) && !isConstant(value, file)) {
                if (flagged.contains(value)) {
                    reported = true;
                    continue;
                }
                return new Finding(file, line(call.getName()), call.getNameAsString() + "() of " + name
                        + ", built at line " + line(assignment), text(file, assignment));
            }
        }
        return reported ? ALREADY_REPORTED : null;
    }

    /** Every {@code name.append(x)} (also chained) before {@code call} appends a constant. */
    private boolean appendsOnlyConstants(String file, Node scope, String name, MethodCallExpr call) {
        return scope.findAll(MethodCallExpr.class, m -> m.getNameAsString().equals("append") && begin(m).isBefore(begin(call))
                        && receiverName(m).filter(name::equals).isPresent())
                .stream().allMatch(m -> m.getArguments().stream().allMatch(a -> isConstant(a, file)));
    }

    /** The variable at the start of a call chain {@code name.append(..).append(..)}. */
    private static Optional<String> receiverName(MethodCallExpr call) {
        Expression scope = call.getScope().orElse(null);
        while (scope instanceof MethodCallExpr inner) {
            scope = inner.getScope().orElse(null);
        }
        return scope instanceof NameExpr n ? Optional.of(n.getNameAsString()) : Optional.empty();
    }

    private static boolean isBuilder(Expression e) {
        return e instanceof ObjectCreationExpr o
                && Set.of("StringBuilder", "StringBuffer").contains(o.getType().getNameAsString());
    }

    /** The name when the argument is a bare identifier, or {@code name.toString()}; else null. */
    private static String bareName(Expression e) {
        if (e instanceof NameExpr n) {
            return n.getNameAsString();
        }
        if (e instanceof MethodCallExpr m && m.getNameAsString().equals("toString") && m.getArguments().isEmpty()
                && m.getScope().orElse(null) instanceof NameExpr n) {
            return n.getNameAsString();
        }
        return null;
    }

    /** Whether the expression builds a string: {@code +}, or a formatting/joining/appending call. */
    private static boolean composed(Expression e) {
        return !e.findAll(BinaryExpr.class, b -> b.getOperator() == BinaryExpr.Operator.PLUS).isEmpty()
                || !e.findAll(AssignExpr.class, a -> a.getOperator() == AssignExpr.Operator.PLUS).isEmpty()
                || !e.findAll(MethodCallExpr.class, m -> BUILDING.contains(m.getNameAsString()) && m.getScope().isPresent())
                        .isEmpty();
    }

    // ---- constants ------------------------------------------------------------------------------------------

    private record Declaration(String file, String cls, Expression init) {
    }

    private void collectConstants() {
        Map<String, Declaration> declarations = new HashMap<>();
        units.forEach((file, unit) -> unit.findAll(FieldDeclaration.class, f -> f.isStatic() && f.isFinal())
                .forEach(field -> field.getVariables().forEach(v -> v.getInitializer().ifPresent(init -> {
                    Declaration d = new Declaration(file, enclosingClass(field, file), init);
                    declarations.put(d.cls() + "." + v.getNameAsString(), d);
                    declarations.put(file + "#" + v.getNameAsString(), d);
                }))));
        // Fixpoint: a constant may be built from other constants, in any order of declaration.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, Declaration> d : declarations.entrySet()) {
                if (!constants.contains(d.getKey()) && isConstant(d.getValue().init(), d.getValue().cls(), d.getValue().file())) {
                    constants.add(d.getKey());
                    changed = true;
                }
            }
        }
    }

    private static String enclosingClass(Node node, String file) {
        return node.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse(className(file));
    }

    private boolean isConstant(Expression e, String file) {
        return isConstant(e, enclosingClass(e, file), file);
    }

    /** Whether {@code e} is a compile-time-like constant (see the class comment). */
    private boolean isConstant(Expression e, String cls, String file) {
        if (e instanceof LiteralExpr) {
            return true;
        }
        if (e instanceof EnclosedExpr enclosed) {
            return isConstant(enclosed.getInner(), cls, file);
        }
        if (e instanceof CastExpr cast) {
            return isConstant(cast.getExpression(), cls, file);
        }
        if (e instanceof UnaryExpr unary) {
            return isConstant(unary.getExpression(), cls, file);
        }
        if (e instanceof BinaryExpr binary) {
            return isConstant(binary.getLeft(), cls, file) && isConstant(binary.getRight(), cls, file);
        }
        if (e instanceof ConditionalExpr choice) { // a choice between constants is constant
            return isConstant(choice.getThenExpr(), cls, file) && isConstant(choice.getElseExpr(), cls, file);
        }
        if (e instanceof NameExpr name) {
            return constants.contains(file + "#" + name.getNameAsString()) || constants.contains(cls + "." + name.getNameAsString());
        }
        if (e instanceof FieldAccessExpr field) {
            return constants.contains(lastName(field.getScope()) + "." + field.getNameAsString());
        }
        if (e instanceof MethodCallExpr call && call.getScope().isPresent()) {
            Expression receiver = call.getScope().get();
            boolean receiverConstant = receiver instanceof NameExpr n && n.getNameAsString().equals("String")
                    ? STRING_STATICS.contains(call.getNameAsString())
                    : isConstant(receiver, cls, file); // a String method of a constant
            return receiverConstant && call.getArguments().stream().allMatch(a -> isConstant(a, cls, file));
        }
        return false;
    }

    private static String lastName(Expression scope) {
        if (scope instanceof NameExpr n) {
            return n.getNameAsString();
        }
        if (scope instanceof FieldAccessExpr f) {
            return f.getNameAsString();
        }
        return scope.toString();
    }

    // ---- source text ----------------------------------------------------------------------------------------

    private static Optional<String> literalText(LiteralExpr literal) {
        if (literal instanceof StringLiteralExpr s) {
            return Optional.of(s.getValue());
        }
        if (literal instanceof TextBlockLiteralExpr t) {
            return Optional.of(t.getValue());
        }
        return Optional.empty();
    }

    private static com.github.javaparser.Position begin(Node node) {
        return node.getBegin().orElseThrow(() -> new IllegalStateException("no position: " + node));
    }

    private static int line(Node node) {
        return begin(node).line;
    }

    /** The node's source text, whitespace collapsed (what the allow-list matches against). */
    private String text(String file, Node node) {
        String[] lines = sources.get(file).split("\n", -1);
        var range = node.getRange().orElseThrow();
        StringBuilder out = new StringBuilder();
        for (int line = range.begin.line; line <= range.end.line; line++) {
            String text = lines[line - 1];
            int from = line == range.begin.line ? range.begin.column - 1 : 0;
            int to = line == range.end.line ? Math.min(text.length(), range.end.column) : text.length();
            out.append(text, from, to).append('\n');
        }
        return out.toString().replaceAll("\\s+", " ").trim();
    }

    private static String className(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.endsWith(".java") ? name.substring(0, name.length() - 5) : name;
    }
}
