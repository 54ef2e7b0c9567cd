package dev.offheap.parse.symbols;

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
            return dot > 0 ? text + CxxSpecialNames.cloneSuffixes(symbol.substring(dot)) : text;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    char at(int ahead) {
        return pos + ahead < s.length() ? s.charAt(pos + ahead) : '\0';
    }

    void require(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + pos);
        }
        pos++;
    }

    boolean accept(String prefix) {
        if (s.startsWith(prefix, pos)) {
            pos += prefix.length();
            return true;
        }
        return false;
    }

    /** encoding ::= special-name | name [bare-function-type]; a local name's function prints no return type. */
    private String encoding(boolean printReturnType) {
        String special = CxxSpecialNames.special(this);
        if (special != null) {
            return special;
        }
        Name name = readName();
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

    long readNumber() {
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

    Name readName() {
        char c = peek();
        if (c == 'N') {
            return nestedName();
        }
        if (c == 'Z') {
            return localName();
        }
        String text;
        boolean fromSub = false;
        if (c == 'S' && at(1) != 't') {
            text = readSubstitution();
            fromSub = true;
        } else {
            boolean std = accept("St");
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
        require('Z');
        List<String> saved = templateArgs;
        String function = encoding(false);
        templateArgs = saved;
        require('E');
        if (accept("s")) {
            discriminator();
            return Name.plain(function + "::string literal");
        }
        if (peek() == 'd') {
            pos++;
            if (peek() != '_') {
                readNumber();
            }
            require('_');
        }
        Name entity = readName();
        discriminator();
        return new Name(function + "::" + entity.text, entity.isTemplate, entity.args, entity.ctorDtorConv, entity.qualifiers);
    }

    private void discriminator() {
        if (peek() == '_' && Character.isDigit(at(1))) {
            pos += 2;
        } else if (peek() == '_' && at(1) == '_') {
            pos += 2;
            readNumber();
            require('_');
        }
    }

    // N [CV-qualifiers] [ref-qualifier] <prefix> <unqualified-name> E
    private Name nestedName() {
        require('N');
        String quals = cvQualifiers();
        if (accept("R")) {
            quals += " &";
        } else if (accept("O")) {
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
            } else if (c == 'S' && at(1) == 't') {
                pos += 2;
                text = join(text, "std");
                fromSub = true;
                special = false;
            } else if (c == 'S') {
                text = join(text, readSubstitution());
                fromSub = true;
                special = false;
            } else if (c == 'T') {
                text = join(text, readTemplateParam());
                special = false;
            } else if (c == 'D' && (at(1) == 't' || at(1) == 'T')) {
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
            if (accept("r")) {
                q.append(" restrict");
            } else if (accept("V")) {
                q.append(" volatile");
            } else if (accept("K")) {
                q.append(" const");
            } else {
                return q.toString();
            }
        }
    }

    record Unqualified(String text, boolean ctorDtorConv) {
    }

    String readUnqualifiedName() {
        return unqualifiedName(null).text;
    }

    private Unqualified unqualifiedName(String enclosing) {
        char c = peek();
        String text;
        boolean special = false;
        if (Character.isDigit(c)) {
            text = readSourceName();
        } else if (c == 'L') {
            pos++;
            text = readSourceName();
            discriminator();
        } else if ((c == 'C' && Character.isDigit(at(1)) || c == 'C' && at(1) == 'I') && enclosing != null) {
            pos += at(1) == 'I' ? 3 : 2;
            text = enclosing;
            special = true;
        } else if (c == 'D' && Character.isDigit(at(1)) && enclosing != null) {
            pos += 2;
            text = "~" + enclosing;
            special = true;
        } else if (c == 'U' && at(1) == 't') {
            pos += 2;
            long n = peek() == '_' ? 1 : readNumber() + 2;
            require('_');
            text = "{unnamed type#" + n + "}";
        } else if (c == 'U' && at(1) == 'l') {
            pos += 2;
            List<String> params = new ArrayList<>();
            while (peek() != 'E') {
                params.add(type());
            }
            pos++;
            long n = peek() == '_' ? 1 : readNumber() + 2;
            require('_');
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
                text = "operator\"\" " + readSourceName();
            } else {
                text = op;
            }
        }
        while (peek() == 'B') {
            pos++;
            text += "[abi:" + readSourceName() + "]";
        }
        return new Unqualified(text, special);
    }

    String readSourceName() {
        int len = (int) readNumber();
        String id = s.substring(pos, pos + len);
        pos += len;
        return id.startsWith("_GLOBAL__N") ? "(anonymous namespace)" : id;
    }

    /** S_ S0_ ... S<base36>_, St Sa Sb Ss Si So Sd */
    String readSubstitution() {
        require('S');
        char c = peek();
        // the simple expansion unless verbose or a constructor/destructor follows (it needs the full class name)
        boolean full = verbose || at(1) == 'C' || at(1) == 'D';
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
        return subs.get(readSeqId());
    }

    // "_" -> 0, "0_" -> 1, "A_" -> 11 (base 36 digits and upper-case letters, plus one)
    int readSeqId() {
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

    String readTemplateParam() {
        require('T');
        int i = readSeqId();
        return i < templateArgs.size() ? templateArgs.get(i) : "auto:" + (i + 1);
    }

    List<String> templateArgs() {
        require('I');
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
            require('E');
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

    // for the grammar helpers of the same format (CxxTypes, CxxExpressions)
    String input() {
        return s;
    }

    int pos() {
        return pos;
    }

    void advance(int n) {
        pos += n;
    }

    void addSubstitution(String text) {
        subs.add(text);
    }

    String lastEncodingName() {
        return lastEncodingName;
    }

    /** An encoding inside an expression ({@code L_Z...E}); the template parameters in force stay those outside. */
    String readEncoding() {
        List<String> saved = templateArgs;
        String e = encoding(true);
        templateArgs = saved;
        return e;
    }

    static String renderArgs(List<String> args) {
        return render(args);
    }
}
