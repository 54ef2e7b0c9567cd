package dev.offheap.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Demangles Itanium C++ ABI symbols ({@code _ZN9HashtableIP13InstanceKlassL8MEMFLAGS1EE9new_entryEjS1_}) to the text
 * {@code c++filt} prints ({@code Hashtable<InstanceKlass*, (MEMFLAGS)1>::new_entry(unsigned int, InstanceKlass*)}).
 * Follows the grammar of the ABI and libiberty's choice of substitution candidates; expressions in template arguments
 * are covered only as far as compilers emit them in practice. Returns null for what it cannot parse.
 */
final class CxxDemangler {
    private final String s;
    /** c++filt's default; addr2line -C and nm -C print "std::string" for Ss unless a constructor follows. */
    private final boolean verbose;
    private int pos;
    private final List<String> subs = new ArrayList<>();
    /** Template arguments of the last name-level template, what {@code T_} refers to. */
    private List<String> templateArgs = List.of();
    /** The name (without return type and parameters) of the encoding parsed last, as '&' of a function shows it. */
    private String lastEncodingName;

    private CxxDemangler(String s, boolean verbose) {
        this.s = s;
        this.verbose = verbose;
    }

    /**
     * The demangled text of a symbol starting with {@code _Z}, clone suffixes as {@code [clone .part.0]}; null if not
     * parseable. {@code verbose} as c++filt prints (the default there), else as addr2line -C and nm -C do.
     */
    static String demangle(String symbol, boolean verbose) {
        if (!symbol.startsWith("_Z")) {
            return null;
        }
        int dot = symbol.indexOf('.');
        CxxDemangler d = new CxxDemangler(dot > 0 ? symbol.substring(0, dot) : symbol, verbose);
        d.pos = 2;
        try {
            String text = d.encoding(true);
            if (d.pos != d.s.length()) {
                return null;
            }
            return dot > 0 ? text + cloneSuffixes(symbol.substring(dot)) : text;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ".constprop.0.isra.0" -> " [clone .constprop.0] [clone .isra.0]", as c++filt splits them
    private static String cloneSuffixes(String rest) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < rest.length()) {
            int start = i++;
            while (i < rest.length() && rest.charAt(i) != '.') {
                i++;
            }
            while (i + 1 < rest.length() && rest.charAt(i) == '.' && Character.isDigit(rest.charAt(i + 1))) {
                i++;
                while (i < rest.length() && Character.isDigit(rest.charAt(i))) {
                    i++;
                }
            }
            out.append(" [clone ").append(rest, start, i).append(']');
        }
        return out.toString();
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char peek(int ahead) {
        return pos + ahead < s.length() ? s.charAt(pos + ahead) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + pos);
        }
        pos++;
    }

    private boolean eat(String prefix) {
        if (s.startsWith(prefix, pos)) {
            pos += prefix.length();
            return true;
        }
        return false;
    }

    /** encoding ::= special-name | name [bare-function-type]; a local name's function prints no return type. */
    private String encoding(boolean printReturnType) {
        String special = specialName();
        if (special != null) {
            return special;
        }
        Name name = name();
        lastEncodingName = name.text;
        if (pos >= s.length() || peek() == 'E' || peek() == '.') {
            return name.text;
        }
        if (name.isTemplate) {
            templateArgs = name.args;
        }
        String ret = name.isTemplate && !name.ctorDtorConv ? type() : null;
        String params = parameters();
        String head = ret == null || !printReturnType ? name.text : ret + " " + name.text;
        return head + params + name.qualifiers;
    }

    private String parameters() {
        List<String> types = new ArrayList<>();
        while (pos < s.length() && peek() != 'E' && peek() != '.') {
            types.add(type());
        }
        if (types.size() == 1 && types.get(0).equals("void")) {
            types.clear();
        }
        return "(" + String.join(", ", types) + ")";
    }

    private String specialName() {
        if (eat("TV")) {
            return "vtable for " + type();
        } else if (eat("TT")) {
            return "VTT for " + type();
        } else if (eat("TI")) {
            return "typeinfo for " + type();
        } else if (eat("TS")) {
            return "typeinfo name for " + type();
        } else if (eat("Th")) {
            callOffset('h');
            return "non-virtual thunk to " + encoding(true);
        } else if (eat("Tv")) {
            callOffset('v');
            return "virtual thunk to " + encoding(true);
        } else if (eat("Tc")) {
            callOffset(peekAndSkip());
            callOffset(peekAndSkip());
            return "covariant return thunk to " + encoding(true);
        } else if (eat("GV")) {
            return "guard variable for " + name().text;
        } else if (eat("GR")) {
            String n = name().text;
            seqId();
            return "reference temporary #0 for " + n;
        } else if (eat("GTt")) {
            return "transaction clone for " + encoding(true);
        } else if (eat("GTn")) {
            return "non-transaction clone for " + encoding(true);
        } else if (eat("TW")) {
            return "TLS wrapper function for " + name().text;
        } else if (eat("TH")) {
            return "TLS init function for " + name().text;
        }
        return null;
    }

    private char peekAndSkip() {
        return s.charAt(pos++);
    }

    // h <number> _ | v <number> _ <number> _
    private void callOffset(char kind) {
        number();
        expect('_');
        if (kind == 'v') {
            number();
            expect('_');
        }
    }

    private long number() {
        boolean negative = peek() == 'n';
        if (negative) {
            pos++;
        }
        int start = pos;
        while (Character.isDigit(peek())) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("number expected at " + pos);
        }
        long n = Long.parseLong(s.substring(start, pos));
        return negative ? -n : n;
    }

    /** A name with what encoding() needs to know: template args (T_), whether a return type follows, cv-qualifiers. */
    record Name(String text, boolean isTemplate, List<String> args, boolean ctorDtorConv, String qualifiers) {
        static Name plain(String text) {
            return new Name(text, false, List.of(), false, "");
        }
    }

    private Name name() {
        char c = peek();
        if (c == 'N') {
            return nestedName();
        }
        if (c == 'Z') {
            return localName();
        }
        String text;
        boolean fromSub = false;
        if (c == 'S' && peek(1) != 't') {
            text = substitution();
            fromSub = true;
        } else {
            boolean std = eat("St");
            Unqualified u = unqualifiedName(null);
            text = (std ? "std::" : "") + u.text;
            if (peek() != 'I') {
                return new Name(text, false, List.of(), u.ctorDtorConv, "");
            }
        }
        if (peek() != 'I') {
            return Name.plain(text);
        }
        if (!fromSub) {
            subs.add(text);
        }
        List<String> args = templateArgs();
        return new Name(withArgs(text, args), true, args, false, "");
    }

    // Z <function encoding> E <entity name> [<discriminator>] | Z <encoding> E s [<discriminator>]
    private Name localName() {
        expect('Z');
        List<String> saved = templateArgs;
        String function = encoding(false);
        templateArgs = saved;
        expect('E');
        if (eat("s")) {
            discriminator();
            return Name.plain(function + "::string literal");
        }
        if (peek() == 'd') {
            pos++;
            if (peek() != '_') {
                number();
            }
            expect('_');
        }
        Name entity = name();
        discriminator();
        return new Name(function + "::" + entity.text, entity.isTemplate, entity.args, entity.ctorDtorConv, entity.qualifiers);
    }

    private void discriminator() {
        if (peek() == '_' && Character.isDigit(peek(1))) {
            pos += 2;
        } else if (peek() == '_' && peek(1) == '_') {
            pos += 2;
            number();
            expect('_');
        }
    }

    // N [CV-qualifiers] [ref-qualifier] <prefix> <unqualified-name> E
    private Name nestedName() {
        expect('N');
        String quals = cvQualifiers();
        if (eat("R")) {
            quals += " &";
        } else if (eat("O")) {
            quals += " &&";
        }
        String text = null;
        boolean isTemplate = false;
        boolean special = false;
        List<String> args = List.of();
        while (peek() != 'E') {
            char c = peek();
            boolean fromSub = false;
            isTemplate = false;
            if (c == 'I') {
                if (text == null) {
                    throw new IllegalArgumentException("template args without a name");
                }
                args = templateArgs();
                text = withArgs(text, args);
                isTemplate = true;
            } else if (c == 'S' && peek(1) == 't') {
                pos += 2;
                text = join(text, "std");
                fromSub = true;
                special = false;
            } else if (c == 'S') {
                text = join(text, substitution());
                fromSub = true;
                special = false;
            } else if (c == 'T') {
                text = join(text, templateParam());
                special = false;
            } else if (c == 'D' && (peek(1) == 't' || peek(1) == 'T')) {
                text = join(text, type());
                fromSub = true;
            } else if (c == 'M') {
                pos++;
                continue;
            } else {
                Unqualified u = unqualifiedName(lastComponent(text));
                text = join(text, u.text);
                special = u.ctorDtorConv;
            }
            if (!fromSub && peek() != 'E') {
                subs.add(text);
            }
        }
        pos++;
        return new Name(text, isTemplate, args, special, quals);
    }

    private static String join(String prefix, String component) {
        return prefix == null ? component : prefix + "::" + component;
    }

    // "Hashtable<InstanceKlass*, (MEMFLAGS)1>" -> "Hashtable": the name a constructor repeats (without ABI tags)
    private static String lastComponent(String text) {
        if (text == null) {
            return null;
        }
        String name = lastComponentWithTags(text);
        int tag = name.indexOf("[abi:");
        return tag > 0 ? name.substring(0, tag) : name;
    }

    private static String lastComponentWithTags(String text) {
        int depth = 0;
        int end = text.length();
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '>') {
                if (depth++ == 0) {
                    end = i;
                }
            } else if (c == '<') {
                depth--;
                if (depth == 0) {
                    end = i;
                }
            } else if (depth == 0 && c == ':' && i > 0 && text.charAt(i - 1) == ':') {
                return text.substring(i + 1, end);
            }
        }
        return text.substring(0, end);
    }

    private String cvQualifiers() {
        StringBuilder q = new StringBuilder();
        while (true) {
            if (eat("r")) {
                q.append(" restrict");
            } else if (eat("V")) {
                q.append(" volatile");
            } else if (eat("K")) {
                q.append(" const");
            } else {
                return q.toString();
            }
        }
    }

    record Unqualified(String text, boolean ctorDtorConv) {
    }

    private Unqualified unqualifiedName(String enclosing) {
        char c = peek();
        String text;
        boolean special = false;
        if (Character.isDigit(c)) {
            text = sourceName();
        } else if (c == 'L') {
            pos++;
            text = sourceName();
            discriminator();
        } else if ((c == 'C' && Character.isDigit(peek(1)) || c == 'C' && peek(1) == 'I') && enclosing != null) {
            pos += peek(1) == 'I' ? 3 : 2;
            text = enclosing;
            special = true;
        } else if (c == 'D' && Character.isDigit(peek(1)) && enclosing != null) {
            pos += 2;
            text = "~" + enclosing;
            special = true;
        } else if (c == 'U' && peek(1) == 't') {
            pos += 2;
            long n = peek() == '_' ? 1 : number() + 2;
            expect('_');
            text = "{unnamed type#" + n + "}";
        } else if (c == 'U' && peek(1) == 'l') {
            pos += 2;
            List<String> params = new ArrayList<>();
            while (peek() != 'E') {
                params.add(type());
            }
            pos++;
            long n = peek() == '_' ? 1 : number() + 2;
            expect('_');
            if (params.size() == 1 && params.get(0).equals("void")) {
                params.clear();
            }
            text = "{lambda(" + String.join(", ", params) + ")#" + n + "}";
        } else {
            String op = CxxExpressions.operatorName(s, pos);
            if (op == null) {
                throw new IllegalArgumentException("unknown name at " + pos);
            }
            pos += 2;
            if (op.equals("cv")) {
                text = "operator " + type();
                special = true;
            } else if (op.equals("li")) {
                text = "operator\"\" " + sourceName();
            } else {
                text = op;
            }
        }
        while (peek() == 'B') {
            pos++;
            text += "[abi:" + sourceName() + "]";
        }
        return new Unqualified(text, special);
    }

    private String sourceName() {
        int len = (int) number();
        String id = s.substring(pos, pos + len);
        pos += len;
        return id.startsWith("_GLOBAL__N") ? "(anonymous namespace)" : id;
    }

    /** S_ S0_ ... S<base36>_, St Sa Sb Ss Si So Sd */
    private String substitution() {
        expect('S');
        char c = peek();
        // the simple expansion unless verbose or a constructor/destructor follows (it needs the full class name)
        boolean full = verbose || peek(1) == 'C' || peek(1) == 'D';
        String std = switch (c) {
            case 't' -> "std";
            case 'a' -> "std::allocator";
            case 'b' -> "std::basic_string";
            case 's' -> full ? "std::basic_string<char, std::char_traits<char>, std::allocator<char> >" : "std::string";
            case 'i' -> full ? "std::basic_istream<char, std::char_traits<char> >" : "std::istream";
            case 'o' -> full ? "std::basic_ostream<char, std::char_traits<char> >" : "std::ostream";
            case 'd' -> full ? "std::basic_iostream<char, std::char_traits<char> >" : "std::iostream";
            default -> null;
        };
        if (std != null) {
            pos++;
            return std;
        }
        return subs.get(seqId());
    }

    // "_" -> 0, "0_" -> 1, "A_" -> 11 (base 36 digits and upper-case letters, plus one)
    private int seqId() {
        if (peek() == '_') {
            pos++;
            return 0;
        }
        int n = 0;
        while (peek() != '_') {
            char c = s.charAt(pos++);
            n = n * 36 + (Character.isDigit(c) ? c - '0' : c - 'A' + 10);
        }
        pos++;
        return n + 1;
    }

    private String templateParam() {
        expect('T');
        int i = seqId();
        return i < templateArgs.size() ? templateArgs.get(i) : "auto:" + (i + 1);
    }

    List<String> templateArgs() {
        expect('I');
        List<String> args = new ArrayList<>();
        while (peek() != 'E') {
            args.add(templateArg());
        }
        pos++;
        return args;
    }

    // c++filt: "std::operator<< <std::char_traits<char> >", a space so that "<<<" is not read as one token
    private static String withArgs(String name, List<String> args) {
        return name + (name.endsWith("<") ? " " : "") + render(args);
    }

    private static String render(List<String> args) {
        String joined = String.join(", ", args).replace("" + CxxTypes.HOLE, "");
        return "<" + joined + (joined.endsWith(">") ? " >" : ">");
    }

    private String templateArg() {
        char c = peek();
        if (c == 'L') {
            return CxxExpressions.primary(this);
        }
        if (c == 'X') {
            pos++;
            String e = CxxExpressions.expression(this);
            expect('E');
            return e;
        }
        if (c == 'J') {
            pos++;
            List<String> pack = new ArrayList<>();
            while (peek() != 'E') {
                pack.add(templateArg());
            }
            pos++;
            return String.join(", ", pack);
        }
        return type();
    }

    /** type, added to the substitutions unless built in or itself a substitution (as libiberty does). */
    String type() {
        return CxxTypes.type(this);
    }

    // access for the grammar helpers of the same format
    String input() {
        return s;
    }

    int pos() {
        return pos;
    }

    void advance(int n) {
        pos += n;
    }

    char at(int ahead) {
        return peek(ahead);
    }

    boolean accept(String prefix) {
        return eat(prefix);
    }

    void require(char c) {
        expect(c);
    }

    long readNumber() {
        return number();
    }

    void addSubstitution(String text) {
        subs.add(text);
    }

    String readSubstitution() {
        return substitution();
    }

    String readTemplateParam() {
        return templateParam();
    }

    Name readName() {
        return name();
    }

    String readSourceName() {
        return sourceName();
    }

    String readEncoding() {
        List<String> saved = templateArgs;
        String e = encoding(true);
        templateArgs = saved;
        return e;
    }

    String lastEncodingName() {
        return lastEncodingName;
    }

    String readUnqualified() {
        return unqualifiedName(null).text;
    }

    static String renderArgs(List<String> args) {
        return render(args);
    }
}
