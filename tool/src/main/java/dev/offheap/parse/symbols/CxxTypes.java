package dev.offheap.parse.symbols;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <type>} production of the Itanium C++ ABI mangling, printed as {@code c++filt} prints it
 * ({@code PKc} is {@code char const*}, {@code PFviE} is {@code void (*)(int)}); part of {@link CxxDemangler}.
 */
final class CxxTypes {
    /** Marks where a declarator goes inside a function or array type ("void \1(int)"), removed from final text. */
    static final char HOLE = '\u0001';

    private CxxTypes() {
    }

    static String type(CxxDemangler d) {
        String builtin = builtin(d);
        if (builtin != null) {
            return builtin;
        }
        char c = d.at(0);
        String text;
        switch (c) {
            case 'r', 'V', 'K' -> {
                String q = qualifiers(d);
                String inner = type(d);
                text = inner.indexOf(HOLE) >= 0 ? inner.replace("" + HOLE, "") + q : inner + q;
            }
            case 'P' -> text = declarator(d, "*");
            case 'R' -> text = declarator(d, "&");
            case 'O' -> text = declarator(d, "&&");
            case 'F' -> text = function(d);
            case 'A' -> text = array(d);
            case 'M' -> text = member(d);
            case 'T' -> {
                text = d.readTemplateParam();
                if (d.at(0) == 'I') {
                    d.addSubstitution(text);
                    text += CxxDemangler.renderArgs(d.templateArgs());
                }
            }
            case 'S' -> {
                char next = d.at(1);
                if (Character.isDigit(next) || next == '_' || Character.isUpperCase(next)) {
                    text = d.readSubstitution();
                    if (d.at(0) != 'I') {
                        return text;
                    }
                    text += CxxDemangler.renderArgs(d.templateArgs());
                } else {
                    CxxDemangler.Name n = d.readName();
                    text = n.text();
                    if (!n.isTemplate() && next != 't') {
                        return text;
                    }
                }
            }
            case 'D' -> {
                text = extended(d);
                if (text == null) {
                    throw new IllegalArgumentException("unknown type D" + d.at(1));
                }
            }
            default -> text = d.readName().text();
        }
        d.addSubstitution(text);
        return text;
    }

    private static String qualifiers(CxxDemangler d) {
        StringBuilder q = new StringBuilder();
        while (true) {
            if (d.accept("r")) {
                q.insert(0, " restrict");
            } else if (d.accept("V")) {
                q.insert(0, " volatile");
            } else if (d.accept("K")) {
                q.insert(0, " const");
            } else {
                return q.toString();
            }
        }
    }

    // "void \1(int)" + "*" -> "void (*\1)(int)"; "int" + "*" -> "int*"
    private static String declarator(CxxDemangler d, String op) {
        d.advance(1);
        String inner = type(d);
        int hole = inner.indexOf(HOLE);
        if (hole < 0) {
            return inner + op;
        }
        if (hole > 0 && inner.charAt(hole - 1) != ' ') {
            return inner.substring(0, hole) + op + inner.substring(hole);
        }
        String rest = inner.substring(hole + 1);
        // c++filt: "void (*)(int)" but "char (&) [256]"
        return inner.substring(0, hole) + "(" + op + HOLE + ")" + (rest.startsWith("[") ? " " : "") + rest;
    }

    // F [Y] <return type> <parameter types> [<ref-qualifier>] E
    private static String function(CxxDemangler d) {
        d.require('F');
        d.accept("Y");
        String ret = type(d);
        List<String> params = new ArrayList<>();
        String ref = "";
        while (d.at(0) != 'E') {
            if (d.at(1) == 'E' && (d.at(0) == 'R' || d.at(0) == 'O')) {
                ref = d.at(0) == 'R' ? " &" : " &&";
                d.advance(1);
                continue;
            }
            params.add(type(d));
        }
        d.advance(1);
        if (params.size() == 1 && params.get(0).equals("void")) {
            params.clear();
        }
        return ret + " " + HOLE + "(" + String.join(", ", params) + ")" + ref;
    }

    // A <number> _ <type> | A [<expression>] _ <type>
    private static String array(CxxDemangler d) {
        d.require('A');
        String dim = "";
        if (Character.isDigit(d.at(0))) {
            dim = Long.toString(d.readNumber());
        } else if (d.at(0) != '_') {
            dim = CxxExpressions.expression(d);
        }
        d.require('_');
        String element = type(d);
        return element + " " + HOLE + "[" + dim + "]";
    }

    // M <class type> <member type>: "int Foo::*", "void (Foo::*)(int)"
    private static String member(CxxDemangler d) {
        d.require('M');
        String owner = type(d);
        String q = qualifiers(d);
        String inner = type(d);
        int hole = inner.indexOf(HOLE);
        if (hole < 0) {
            return inner + " " + owner + "::*";
        }
        return inner.substring(0, hole) + "(" + owner + "::*" + HOLE + ")" + inner.substring(hole + 1) + q;
    }

    private static String builtin(CxxDemangler d) {
        String name = switch (d.at(0)) {
            case 'v' -> "void";
            case 'w' -> "wchar_t";
            case 'b' -> "bool";
            case 'c' -> "char";
            case 'a' -> "signed char";
            case 'h' -> "unsigned char";
            case 's' -> "short";
            case 't' -> "unsigned short";
            case 'i' -> "int";
            case 'j' -> "unsigned int";
            case 'l' -> "long";
            case 'm' -> "unsigned long";
            case 'x' -> "long long";
            case 'y' -> "unsigned long long";
            case 'n' -> "__int128";
            case 'o' -> "unsigned __int128";
            case 'f' -> "float";
            case 'd' -> "double";
            case 'e' -> "long double";
            case 'g' -> "__float128";
            case 'z' -> "...";
            default -> null;
        };
        if (name != null) {
            d.advance(1);
            return name;
        }
        if (d.at(0) == 'u') {
            d.advance(1);
            String vendor = d.readSourceName();
            d.addSubstitution(vendor);
            return vendor;
        }
        if (d.at(0) != 'D') {
            return null;
        }
        name = switch (d.at(1)) {
            case 'd' -> "decimal64";
            case 'e' -> "decimal128";
            case 'f' -> "decimal32";
            case 'h' -> "half";
            case 'i' -> "char32_t";
            case 's' -> "char16_t";
            case 'u' -> "char8_t";
            case 'a' -> "auto";
            case 'c' -> "decltype(auto)";
            case 'n' -> "decltype(nullptr)";
            default -> null;
        };
        if (name != null) {
            d.advance(2);
        }
        return name;
    }

    // Dp <type> (pack expansion), Dt/DT <expression> E (decltype), Dv <number> _ <type> (vector), DF <number> _
    private static String extended(CxxDemangler d) {
        if (d.accept("Dp")) {
            return type(d) + "...";
        }
        if (d.accept("Dt") || d.accept("DT")) {
            String e = CxxExpressions.expression(d);
            d.require('E');
            return "decltype (" + e + ")";
        }
        if (d.accept("Dv")) {
            long n = d.readNumber();
            d.require('_');
            return type(d) + " __vector(" + n + ")";
        }
        if (d.accept("DF")) {
            long n = d.readNumber();
            d.require('_');
            return "_Float" + n;
        }
        return null;
    }
}
