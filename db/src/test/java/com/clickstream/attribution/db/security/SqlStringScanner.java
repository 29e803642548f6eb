package com.clickstream.attribution.db.security;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds SQL built from non-constant strings in Java source, without compiling it: a small tokenizer (strings, text
 * blocks, comments handled) and two detectors over the tokens.
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
 */
final class SqlStringScanner {

    enum Kind { IDENT, STRING, CHAR, NUMBER, PUNCT }

    record Token(Kind kind, String text, String value, int line, int start, int end) {
        boolean is(String s) {
            return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(s);
        }
    }

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

    private static final Set<String> STOP = Set.of(",", ";", "=", "+=", "-=", "*=", "/=", "->", "?", ":", "==", "!=",
            "&&", "||", "<", ">", "<=", ">=", "::", "return", "throw", "case", "yield", "instanceof", "else");
    private static final Set<String> BINARY = Set.of("+", "-", "*", "/", "%");
    private static final Set<String> BUILDING = Set.of("formatted", "format", "join", "concat", "append", "replace",
            "replaceAll", "repeat");
    private static final Set<String> STRING_STATICS = Set.of("format", "join", "valueOf");

    private final Map<String, List<Token>> tokensByFile = new LinkedHashMap<>();
    private final Map<String, String> sourceByFile = new HashMap<>();
    /** Constants: "Class.NAME", and "file#NAME" for unqualified use in their own file. */
    private final Set<String> constants = new HashSet<>();

    private SqlStringScanner() {
    }

    /** Scans {@code sources} (file name -> Java text) together, so that constants of one file count in another. */
    static Result scan(Map<String, String> sources) {
        SqlStringScanner s = new SqlStringScanner();
        sources.forEach((file, text) -> {
            s.sourceByFile.put(file, text);
            s.tokensByFile.put(file, tokenize(text));
        });
        s.collectConstants();
        List<Finding> findings = new ArrayList<>();
        List<String> passThrough = new ArrayList<>();
        int[] counts = new int[2];
        for (String file : s.tokensByFile.keySet()) {
            s.scanFile(file, findings, counts, passThrough);
        }
        return new Result(findings, sources.size(), counts[0], counts[1], passThrough);
    }

    // ---- detectors ------------------------------------------------------------------------------------------

    private void scanFile(String file, List<Finding> findings, int[] counts, List<String> passThrough) {
        List<Token> t = tokensByFile.get(file);
        int[] match = matchBrackets(t);
        Set<Integer> flagged = new HashSet<>();

        // 2. SQL-looking literals in composed, non-constant expressions
        for (int k = 0; k < t.size(); k++) {
            if (t.get(k).kind() == Kind.STRING && looksLikeSql(t.get(k).value())) {
                int from = regionStart(t, match, k);
                int to = regionEnd(t, match, k);
                if (!flagged.contains(from) && composed(t, from, to) && !isConstant(t, match, from, to, file)) {
                    flagged.add(from);
                    findings.add(new Finding(file, t.get(from).line(), "SQL text composed with a value", text(file, t, from, to)));
                }
            }
        }
        // 1. JDBC calls whose SQL argument is not constant
        int[] depth = braceDepths(t);
        for (int k = 1; k + 1 < t.size(); k++) {
            Token name = t.get(k);
            if (name.kind() != Kind.IDENT || !SQL_METHODS.contains(name.text()) || !t.get(k - 1).is(".")
                    || !t.get(k + 1).is("(")) {
                continue;
            }
            int open = k + 1;
            int close = match[open];
            int argEnd = firstTopLevel(t, match, open + 1, close, ",");
            if (argEnd == open + 1 || containsTopLevel(t, match, open + 1, argEnd, "->")) {
                continue; // no argument, or a callback (JdbcTemplate.execute(ConnectionCallback) etc.)
            }
            counts[0]++;
            int from = open + 1;
            if (isConstant(t, match, from, argEnd, file)) {
                counts[1]++;
                continue;
            }
            String variable = bareName(t, from, argEnd);
            if (variable == null && composed(t, from, argEnd)) {
                if (flagged.add(from)) {
                    findings.add(new Finding(file, name.line(), name.text() + "() of a composed string",
                            text(file, t, from, argEnd)));
                }
                continue;
            }
            Finding viaVariable = variable == null ? null
                    : builtVariable(file, t, match, methodStart(t, match, depth, k), variable, k, flagged);
            if (viaVariable == ALREADY_REPORTED) {
                continue;
            }
            if (viaVariable != null) {
                findings.add(viaVariable);
            } else {
                passThrough.add(file + ":" + name.line() + ": " + name.text() + "(" + text(file, t, from, argEnd) + ")");
            }
        }
    }

    private static final Finding ALREADY_REPORTED = new Finding("", 0, "", "");

    /**
     * A local variable (or {@code sb.toString()}) passed as SQL at token {@code call}: a finding when an assignment
     * to it in the same method before the call is composed from a value, or a builder it names appends a value.
     */
    private Finding builtVariable(String file, List<Token> t, int[] match, int scopeStart, String name, int call,
            Set<Integer> flagged) {
        boolean reported = false;
        for (int j = scopeStart; j < call; j++) {
            if (!t.get(j).is(name) || (j > 0 && t.get(j - 1).is("."))) {
                continue;
            }
            Token next = t.get(j + 1);
            if (next.is("+=")) {
                return new Finding(file, t.get(call).line(), t.get(call).text() + "() of " + name
                        + ", appended to at line " + next.line(), text(file, t, j, statementEnd(t, match, j + 2)));
            }
            if (next.is("=")) {
                int from = j + 2;
                int to = statementEnd(t, match, from);
                boolean builder = isBuilder(t, from, to);
                if (builder && !appendsOnlyConstants(t, match, file, name, scopeStart, call)) {
                    return new Finding(file, t.get(call).line(), t.get(call).text() + "() of builder " + name
                            + " (line " + t.get(j).line() + ") appended with a value", text(file, t, j, to));
                }
                if (!builder && composed(t, from, to) && !isConstant(t, match, from, to, file)) {
                    if (flagged.contains(from)) {
                        reported = true; // already reported where it is built
                        continue;
                    }
                    return new Finding(file, t.get(call).line(), t.get(call).text() + "() of " + name + ", built at line "
                            + t.get(j).line(), text(file, t, j, to));
                }
            }
        }
        return reported ? ALREADY_REPORTED : null;
    }

    private boolean appendsOnlyConstants(List<Token> t, int[] match, String file, String name, int from, int to) {
        for (int j = from; j < to; j++) {
            if (t.get(j).is(name) && !t.get(j - 1).is(".")) {
                int k = j + 1;
                while (k + 2 < t.size() && t.get(k).is(".") && t.get(k + 1).is("append") && t.get(k + 2).is("(")) {
                    int close = match[k + 2];
                    if (!isConstant(t, match, k + 3, close, file)) {
                        return false;
                    }
                    k = close + 1;
                }
            }
        }
        return true;
    }

    /** Brace depth before each token. */
    private static int[] braceDepths(List<Token> t) {
        int[] depth = new int[t.size()];
        int d = 0;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is("}")) {
                d--;
            }
            depth[i] = d;
            if (t.get(i).is("{")) {
                d++;
            }
        }
        return depth;
    }

    /** The opening brace of the member body (depth 1 inside the top-level type) that holds token {@code at}. */
    private static int methodStart(List<Token> t, int[] match, int[] depth, int at) {
        for (int i = at - 1; i >= 0; i--) {
            if (t.get(i).is("{") && depth[i] == 1 && match[i] > at) {
                return i;
            }
        }
        return 0;
    }

    private static boolean isBuilder(List<Token> t, int from, int to) {
        return to - from >= 2 && t.get(from).is("new")
                && (t.get(from + 1).is("StringBuilder") || t.get(from + 1).is("StringBuffer"));
    }

    /** The name when the argument is a bare identifier, or {@code name.toString()}; else null. */
    private static String bareName(List<Token> t, int from, int to) {
        if (to - from == 1 && t.get(from).kind() == Kind.IDENT) {
            return t.get(from).text();
        }
        if (to - from == 5 && t.get(from).kind() == Kind.IDENT && t.get(from + 1).is(".") && t.get(from + 2).is("toString")) {
            return t.get(from).text();
        }
        return null;
    }

    /** Whether the expression builds a string: {@code +}, or a formatting/joining/appending call. */
    private static boolean composed(List<Token> t, int from, int to) {
        for (int i = from; i < to; i++) {
            Token tok = t.get(i);
            if (tok.is("+") || tok.is("+=")) {
                return true;
            }
            if (tok.kind() == Kind.IDENT && BUILDING.contains(tok.text()) && i > from && t.get(i - 1).is(".")
                    && i + 1 < to && t.get(i + 1).is("(")) {
                return true;
            }
        }
        return false;
    }

    // ---- constants ------------------------------------------------------------------------------------------

    private record Declaration(String file, String cls, List<Token> init) {
    }

    private void collectConstants() {
        Map<String, Declaration> declarations = new HashMap<>();
        for (Map.Entry<String, List<Token>> e : tokensByFile.entrySet()) {
            String file = e.getKey();
            List<Token> t = e.getValue();
            int[] match = matchBrackets(t);
            for (int i = 1; i + 1 < t.size(); i++) {
                if (!t.get(i + 1).is("=") || t.get(i).kind() != Kind.IDENT) {
                    continue;
                }
                boolean isStatic = false;
                boolean isFinal = false;
                for (int j = i - 1; j >= 0 && !t.get(j).is(";") && !t.get(j).is("{") && !t.get(j).is("}"); j--) {
                    isStatic |= t.get(j).is("static");
                    isFinal |= t.get(j).is("final");
                }
                if (isStatic && isFinal) {
                    String cls = enclosingClass(t, match, i, className(file));
                    List<Token> init = t.subList(i + 2, statementEnd(t, match, i + 2));
                    Declaration d = new Declaration(file, cls, init);
                    declarations.put(cls + "." + t.get(i).text(), d);
                    declarations.put(file + "#" + t.get(i).text(), d);
                }
            }
        }
        // Fixpoint: a constant may be built from other constants, in any order of declaration.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, Declaration> d : declarations.entrySet()) {
                List<Token> init = d.getValue().init();
                if (!constants.contains(d.getKey())
                        && isConstant(init, matchBrackets(init), 0, init.size(), d.getValue().cls(), d.getValue().file())) {
                    constants.add(d.getKey());
                    changed = true;
                }
            }
        }
    }

    /** The innermost class, interface, enum or record whose body holds token {@code at}. */
    private static String enclosingClass(List<Token> t, int[] match, int at, String fallback) {
        String name = fallback;
        int innermost = -1;
        for (int i = 0; i + 1 < at; i++) {
            Token tok = t.get(i);
            if ((tok.is("class") || tok.is("interface") || tok.is("enum") || tok.is("record"))
                    && t.get(i + 1).kind() == Kind.IDENT && (i == 0 || !t.get(i - 1).is("."))) {
                int open = i + 2;
                while (open < t.size() && !t.get(open).is("{")) {
                    open = t.get(open).is("(") ? match[open] + 1 : open + 1;
                }
                if (open < at && match[open] > at && open > innermost) {
                    innermost = open;
                    name = t.get(i + 1).text();
                }
            }
        }
        return name;
    }

    private boolean isConstant(List<Token> t, int[] match, int from, int to, String file) {
        return isConstant(t, match, from, to, className(file), file);
    }

    /** Whether tokens [from, to) are a compile-time-like constant (see the class comment). */
    private boolean isConstant(List<Token> t, int[] match, int from, int to, String cls, String file) {
        if (from >= to) {
            return false;
        }
        int question = firstTopLevel(t, match, from, to, "?");
        if (question < to) { // cond ? a : b -> a choice between constants is constant
            int colon = firstTopLevel(t, match, question + 1, to, ":");
            return colon < to && isConstant(t, match, question + 1, colon, cls, file)
                    && isConstant(t, match, colon + 1, to, cls, file);
        }
        int start = from;
        for (int i = from; i < to; i++) {
            Token tok = t.get(i);
            if (tok.is("(") || tok.is("[") || tok.is("{")) {
                i = match[i];
                continue;
            }
            if (tok.kind() == Kind.PUNCT && BINARY.contains(tok.text()) && i > start && endsOperand(t.get(i - 1))) {
                if (!isConstantOperand(t, match, start, i, cls, file)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return isConstantOperand(t, match, start, to, cls, file);
    }

    private static boolean endsOperand(Token tok) {
        return tok.kind() != Kind.PUNCT || tok.is(")") || tok.is("]");
    }

    private boolean isConstantOperand(List<Token> t, int[] match, int from, int to, String cls, String file) {
        if (from >= to) {
            return false;
        }
        Token first = t.get(from);
        if (first.is("-") || first.is("+") || first.is("!")) {
            return isConstantOperand(t, match, from + 1, to, cls, file);
        }
        int i;
        boolean constant;
        if (first.is("(")) {
            int close = match[from];
            if (close + 1 < to && isTypeName(t, from + 1, close) && !t.get(close + 1).is(".")) {
                return isConstantOperand(t, match, close + 1, to, cls, file); // a cast
            }
            constant = isConstant(t, match, from + 1, close, cls, file);
            i = close + 1;
        } else if (first.kind() == Kind.STRING || first.kind() == Kind.CHAR || first.kind() == Kind.NUMBER
                || first.is("true") || first.is("false") || first.is("null")) {
            constant = true;
            i = from + 1;
        } else if (first.kind() == Kind.IDENT) {
            // a qualified name a.b.c, possibly followed by a call
            i = from + 1;
            while (i + 1 < to && t.get(i).is(".") && t.get(i + 1).kind() == Kind.IDENT) {
                i += 2;
            }
            String last = t.get(i - 1).text();
            if (i < to && t.get(i).is("(")) {
                int close = match[i];
                String receiver = i - 1 > from ? t.get(i - 3).text() : null;
                boolean args = allArgumentsConstant(t, match, i + 1, close, cls, file);
                if ("String".equals(receiver) && i - 3 == from && STRING_STATICS.contains(last)) {
                    constant = args;
                } else if (receiver != null && i - 3 >= from && isConstantName(t, from, i - 2, cls, file)) {
                    constant = args; // a String method of a constant
                } else {
                    constant = false;
                }
                i = close + 1;
            } else {
                constant = isConstantName(t, from, i, cls, file);
            }
        } else {
            return false;
        }
        // suffixes: .method(args) on a constant with constant arguments stays constant
        while (constant && i < to) {
            if (i + 2 < to && t.get(i).is(".") && t.get(i + 1).kind() == Kind.IDENT && t.get(i + 2).is("(")) {
                int close = match[i + 2];
                constant = allArgumentsConstant(t, match, i + 3, close, cls, file);
                i = close + 1;
            } else {
                return false;
            }
        }
        return constant;
    }

    private boolean allArgumentsConstant(List<Token> t, int[] match, int from, int to, String cls, String file) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || t.get(i).is(",")) {
                if (i > start && !isConstant(t, match, start, i, cls, file)) {
                    return false;
                }
                start = i + 1;
            } else if (t.get(i).is("(") || t.get(i).is("[") || t.get(i).is("{")) {
                i = match[i];
            }
        }
        return true;
    }

    /** tokens [from, to) are a dotted name; is it a known constant? {@code NAME} in this file or {@code Class.NAME}. */
    private boolean isConstantName(List<Token> t, int from, int to, String cls, String file) {
        String last = t.get(to - 1).text();
        if (to - from == 1) {
            return constants.contains(file + "#" + last) || constants.contains(cls + "." + last);
        }
        String owner = t.get(to - 3).text();
        return constants.contains(owner + "." + last);
    }

    private static boolean isTypeName(List<Token> t, int from, int to) {
        if (from >= to || t.get(from).kind() != Kind.IDENT || !Character.isUpperCase(t.get(to - 1).text().charAt(0))
                && !Set.of("int", "long", "double", "float", "short", "byte", "char", "boolean").contains(t.get(to - 1).text())) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!(t.get(i).kind() == Kind.IDENT || t.get(i).is("."))) {
                return false;
            }
        }
        return true;
    }

    // ---- regions --------------------------------------------------------------------------------------------

    /** Start of the expression around token k (walks left over operands and balanced brackets). */
    private static int regionStart(List<Token> t, int[] match, int k) {
        int j = k - 1;
        while (j >= 0) {
            Token tok = t.get(j);
            if (tok.is(")") || tok.is("]")) {
                j = match[j] - 1;
                continue;
            }
            if (tok.is("(") || tok.is("[") || tok.is("{") || tok.is("}") || STOP.contains(tok.text())
                    && tok.kind() != Kind.STRING) {
                break;
            }
            j--;
        }
        return j + 1;
    }

    /** End (exclusive) of the expression around token k. */
    private static int regionEnd(List<Token> t, int[] match, int k) {
        int j = k + 1;
        while (j < t.size()) {
            Token tok = t.get(j);
            if (tok.is("(") || tok.is("[")) {
                j = match[j] + 1;
                continue;
            }
            if (tok.is(")") || tok.is("]") || tok.is("{") || tok.is("}") || STOP.contains(tok.text())
                    && tok.kind() != Kind.STRING) {
                break;
            }
            j++;
        }
        return Math.min(j, t.size());
    }

    /** End (exclusive) of the expression starting at {@code from}: the next top-level ';' or ','. */
    private static int statementEnd(List<Token> t, int[] match, int from) {
        int j = from;
        while (j < t.size()) {
            Token tok = t.get(j);
            if (tok.is("(") || tok.is("[") || tok.is("{")) {
                j = match[j] + 1;
                continue;
            }
            if (tok.is(";") || tok.is(",") || tok.is(")") || tok.is("}") || tok.is("]")) {
                break;
            }
            j++;
        }
        return Math.min(j, t.size());
    }

    private static int firstTopLevel(List<Token> t, int[] match, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            if (t.get(i).is("(") || t.get(i).is("[") || t.get(i).is("{")) {
                i = match[i];
            } else if (t.get(i).is(what)) {
                return i;
            }
        }
        return to;
    }

    private static boolean containsTopLevel(List<Token> t, int[] match, int from, int to, String what) {
        return firstTopLevel(t, match, from, to, what) < to;
    }

    private String text(String file, List<Token> t, int from, int to) {
        return sourceByFile.get(file).substring(t.get(from).start(), t.get(Math.max(from, to - 1)).end())
                .replaceAll("\\s+", " ");
    }

    private static String className(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.endsWith(".java") ? name.substring(0, name.length() - 5) : name;
    }

    // ---- tokens ---------------------------------------------------------------------------------------------

    private static final List<String> PUNCT3 = List.of("...", "<<=", ">>=");
    private static final List<String> PUNCT2 = List.of("->", "::", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=",
            "-=", "*=", "/=", "&=", "|=", "^=", "%=", "<<");

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("//", i)) {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(s, i, end);
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int j = i + 3;
                while (j < n && !(s.startsWith("\"\"\"", j) && s.charAt(j - 1) != '\\')) {
                    j++;
                }
                int end = Math.min(n, j + 3);
                out.add(new Token(Kind.STRING, s.substring(i, end), s.substring(i + 3, Math.min(n, j)), line, i, end));
                line += count(s, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(n, j + 1);
                out.add(new Token(c == '"' ? Kind.STRING : Kind.CHAR, s.substring(i, end),
                        s.substring(i + 1, Math.min(n, j)), line, i, end));
                i = end;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(i, j), s.substring(i, j), line, i, j));
                i = j;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i;
                while (j < n && Character.isJavaIdentifierPart(s.charAt(j))) {
                    j++;
                }
                out.add(new Token(Kind.IDENT, s.substring(i, j), s.substring(i, j), line, i, j));
                i = j;
            } else {
                String p = String.valueOf(c);
                for (String candidate : PUNCT3) {
                    if (s.startsWith(candidate, i)) {
                        p = candidate;
                    }
                }
                if (p.length() == 1) {
                    for (String candidate : PUNCT2) {
                        if (s.startsWith(candidate, i)) {
                            p = candidate;
                            break;
                        }
                    }
                }
                out.add(new Token(Kind.PUNCT, p, p, line, i, i + p.length()));
                i += p.length();
            }
        }
        return out;
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** For every opening bracket its closing one and vice versa; unbalanced ones point past the end. */
    static int[] matchBrackets(List<Token> t) {
        int[] match = new int[t.size()];
        java.util.Arrays.fill(match, t.size());
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.is("(") || tok.is("[") || tok.is("{")) {
                open.push(i);
            } else if ((tok.is(")") || tok.is("]") || tok.is("}")) && !open.isEmpty()) {
                int o = open.pop();
                match[o] = i;
                match[i] = o;
            }
        }
        // unbalanced closers jump to -1 so that left walks stop; openers to the end
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if ((tok.is(")") || tok.is("]") || tok.is("}")) && match[i] == t.size()) {
                match[i] = 0;
            }
        }
        return match;
    }
}
