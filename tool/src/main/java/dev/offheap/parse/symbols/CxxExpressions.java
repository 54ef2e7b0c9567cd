package dev.offheap.parse.symbols;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Operator names and the {@code <expression>} and {@code <expr-primary>} productions of the Itanium C++ ABI mangling
 * ({@code L8MEMFLAGS1E} is {@code (MEMFLAGS)1}, {@code XadL_Z3fooEE} is {@code &foo}), printed as {@code c++filt} does;
 * part of {@link CxxDemangler}. Covers the operators, literals, parameters and names compilers put into signatures.
 */
final class CxxExpressions {
    /** code -> operator text and arity (as an expression). */
    private record Op(String text, int arity) {
    }

    private static final Map<String, Op> OPS = Map.ofEntries(
            Map.entry("nw", new Op("new", 3)), Map.entry("na", new Op("new[]", 3)),
            Map.entry("dl", new Op("delete", 1)), Map.entry("da", new Op("delete[]", 1)),
            Map.entry("ps", new Op("+", 1)), Map.entry("ng", new Op("-", 1)), Map.entry("ad", new Op("&", 1)),
            Map.entry("de", new Op("*", 1)), Map.entry("co", new Op("~", 1)), Map.entry("pl", new Op("+", 2)),
            Map.entry("mi", new Op("-", 2)), Map.entry("ml", new Op("*", 2)), Map.entry("dv", new Op("/", 2)),
            Map.entry("rm", new Op("%", 2)), Map.entry("an", new Op("&", 2)), Map.entry("or", new Op("|", 2)),
            Map.entry("eo", new Op("^", 2)), Map.entry("aS", new Op("=", 2)), Map.entry("pL", new Op("+=", 2)),
            Map.entry("mI", new Op("-=", 2)), Map.entry("mL", new Op("*=", 2)), Map.entry("dV", new Op("/=", 2)),
            Map.entry("rM", new Op("%=", 2)), Map.entry("aN", new Op("&=", 2)), Map.entry("oR", new Op("|=", 2)),
            Map.entry("eO", new Op("^=", 2)), Map.entry("ls", new Op("<<", 2)), Map.entry("rs", new Op(">>", 2)),
            Map.entry("lS", new Op("<<=", 2)), Map.entry("rS", new Op(">>=", 2)), Map.entry("eq", new Op("==", 2)),
            Map.entry("ne", new Op("!=", 2)), Map.entry("lt", new Op("<", 2)), Map.entry("gt", new Op(">", 2)),
            Map.entry("le", new Op("<=", 2)), Map.entry("ge", new Op(">=", 2)), Map.entry("ss", new Op("<=>", 2)),
            Map.entry("nt", new Op("!", 1)), Map.entry("aa", new Op("&&", 2)), Map.entry("oo", new Op("||", 2)),
            Map.entry("pp", new Op("++", 1)), Map.entry("mm", new Op("--", 1)), Map.entry("cm", new Op(",", 2)),
            Map.entry("pm", new Op("->*", 2)), Map.entry("pt", new Op("->", 2)), Map.entry("cl", new Op("()", 2)),
            Map.entry("ix", new Op("[]", 2)), Map.entry("qu", new Op("?", 3)), Map.entry("dt", new Op(".", 2)),
            Map.entry("ds", new Op(".*", 2)));

    private CxxExpressions() {
    }

    /** The name of operator code {@code s[at..at+2]} ("operator+", "operator new"), or null if none. */
    static String operatorName(String s, int at) {
        if (at + 2 > s.length()) {
            return null;
        }
        String code = s.substring(at, at + 2);
        if (code.equals("cv") || code.equals("li")) {
            return code;
        }
        Op op = OPS.get(code);
        if (op == null || code.equals("dt") || code.equals("ds")) {
            return null;
        }
        return Character.isLetter(op.text.charAt(0)) ? "operator " + op.text : "operator" + op.text;
    }

    // L <type> <value> E | L _Z <encoding> E | LZ <encoding> E
    static String primary(CxxDemangler d) {
        d.require('L');
        if (d.accept("_Z") || d.accept("Z")) {
            String e = d.readEncoding();
            d.require('E');
            return e;
        }
        String type = d.type();
        String in = d.input();
        int start = d.pos();
        while (d.at(0) != 'E' && d.at(0) != '\0') {
            d.advance(1);
        }
        String value = in.substring(start, d.pos()).replace('n', '-');
        d.require('E'); // at the end of the symbol: an unterminated literal, not a mangled name
        return literal(type, value);
    }

    // c++filt: 1, 1u, 1l, 1ul, true, (MEMFLAGS)1
    private static String literal(String type, String value) {
        return switch (type) {
            case "int" -> value;
            case "unsigned int" -> value + "u";
            case "long" -> value + "l";
            case "unsigned long" -> value + "ul";
            case "long long" -> value + "ll";
            case "unsigned long long" -> value + "ull";
            case "bool" -> value.equals("0") ? "false" : value.equals("1") ? "true" : "(bool)" + value;
            default -> "(" + type + ")" + value;
        };
    }

    static String expression(CxxDemangler d) {
        char c = d.at(0);
        if (c == 'L') {
            return primary(d);
        }
        if (c == 'T') {
            return d.readTemplateParam();
        }
        if (Character.isDigit(c)) {
            return unresolved(d);
        }
        if (d.accept("fp")) {
            while ("rVK".indexOf(d.at(0)) >= 0) {
                d.advance(1);
            }
            long n = d.at(0) == '_' ? 1 : d.readNumber() + 2;
            d.require('_');
            return "{parm#" + n + "}";
        }
        if (d.accept("sr")) {
            String scope = d.type();
            return scope + "::" + unresolved(d);
        }
        if (d.accept("st")) {
            return "sizeof (" + d.type() + ")";
        }
        if (d.accept("at")) {
            return "alignof (" + d.type() + ")";
        }
        if (d.accept("sz")) {
            return "sizeof (" + expression(d) + ")";
        }
        if (d.accept("az")) {
            return "alignof (" + expression(d) + ")";
        }
        if (d.accept("sZ")) {
            return "sizeof...(" + expression(d) + ")";
        }
        if (d.accept("cv")) {
            return cast(d);
        }
        if (d.accept("on")) {
            return unresolved(d);
        }
        return operation(d);
    }

    private static String unresolved(CxxDemangler d) {
        String name = d.readUnqualifiedName();
        if (d.at(0) == 'I') {
            name += CxxDemangler.renderArgs(d.templateArgs());
        }
        return name;
    }

    // cv <type> <expression> | cv <type> _ <expression>* E
    private static String cast(CxxDemangler d) {
        String type = d.type();
        if (!d.accept("_")) {
            return "(" + type + ")" + expression(d);
        }
        List<String> args = new ArrayList<>();
        while (!d.accept("E")) {
            args.add(expression(d));
        }
        return type + "(" + String.join(", ", args) + ")";
    }

    private static String operation(CxxDemangler d) {
        String code = d.input().substring(d.pos(), Math.min(d.pos() + 2, d.input().length()));
        Op op = OPS.get(code);
        if (op == null) {
            throw new IllegalArgumentException("unknown expression " + code + " at " + d.pos());
        }
        d.advance(2);
        if (code.equals("cl")) {
            String callee = expression(d);
            List<String> args = new ArrayList<>();
            while (!d.accept("E")) {
                args.add(expression(d));
            }
            return callee + "(" + String.join(", ", args) + ")";
        }
        if (code.equals("dt") || code.equals("pt")) {
            String object = expression(d);
            return object + op.text + unresolved(d);
        }
        if (code.equals("ad") && (d.input().startsWith("L_Z", d.pos()) || d.input().startsWith("LZ", d.pos()))) {
            // the address of a function: c++filt prints a member as "&Events::log", a free function with its type
            String function = primary(d);
            String name = d.lastEncodingName();
            return name.contains("::") ? "&" + name : "&(" + function + ")";
        }
        if (op.arity == 1) {
            return op.text + "(" + expression(d) + ")";
        }
        if (op.arity == 2) {
            String left = expression(d);
            String right = expression(d);
            return "(" + left + ")" + op.text + "(" + right + ")";
        }
        String a = expression(d);
        String b = expression(d);
        String e = expression(d);
        return "(" + a + ")?(" + b + ") : (" + e + ")";
    }
}
