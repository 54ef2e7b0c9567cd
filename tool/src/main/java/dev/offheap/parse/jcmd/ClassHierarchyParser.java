package dev.offheap.parse.jcmd;

import dev.offheap.model.ClassNames;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces {@code jcmd PID VM.class_hierarchy} (JDK 11–25; a safepoint operation) to {@link ClassNames}: every class
 * once, as a line of the tree, grouped by {@link #prefix} of its name. Lines that do not match are skipped (jcmd's
 * "PID:" line).
 */
public final class ClassHierarchyParser {
    // "java.lang.Object/null"                                            the root, a class of the boot loader
    // "|--dev.offheap.zoo.Gen000000/0x00007ff7701ebde0"                  name/loader's CLD
    // "|--dev.offheap.zoo.RuleEngine$$Lambda$47/0x00007fc2240084a0/0x00007fc298130e10"   hidden: name/0x…/loader
    // "|  |  |--jdk.internal.reflect.GeneratedMethodAccessor16/0x00007fb4a817ddb0 (invokes: dev/offheap/zoo/Gen000016::work (J)J)"
    // "|--java.io.DataOutput/null (intf)"
    private static final Pattern CLASS = Pattern.compile(
            "^(?:\\|  )*(?:\\|--)?([\\w$.\\[;]+)(/0x\\p{XDigit}+)?/(?:null|0x\\p{XDigit}+)(?: .*)?$");
    // "$$Lambda$47" (JDK 17; "$$Lambda" alone from JDK 21): one prefix for a host class's lambdas
    private static final Pattern LAMBDA_NUMBER = Pattern.compile("\\$\\$Lambda\\$\\d+");
    // digits that end a name part: "jdk.proxy160.$Proxy159", "Gen000016", "GeneratedMethodAccessor16"
    private static final Pattern TRAILING_DIGITS = Pattern.compile("(?<=[A-Za-z_])\\d+(?=$|[.$])");

    private ClassHierarchyParser() {
    }

    public static ClassNames parse(String text) {
        Map<String, Long> prefixes = new HashMap<>();
        long classes = 0;
        long hidden = 0;
        for (String line : text.split("\n")) {
            Matcher m = CLASS.matcher(line);
            if (!m.matches()) {
                continue;
            }
            classes++;
            hidden += m.group(2) != null ? 1 : 0;
            prefixes.merge(prefix(m.group(1)), 1L, Long::sum);
        }
        Map<String, Long> top = new LinkedHashMap<>();
        prefixes.entrySet().stream().filter(e -> e.getValue() > 1)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(ClassNames.MAX_PREFIXES).forEach(e -> top.put(e.getKey(), e.getValue()));
        return new ClassNames(classes, hidden, top);
    }

    /**
     * What generated classes of one kind share in their names: "com.acme.RuleEngine$$Lambda$47" →
     * "com.acme.RuleEngine$$Lambda", "jdk.proxy160.$Proxy159" → "jdk.proxy*.$Proxy*", "dev.Gen000016" → "dev.Gen*".
     */
    public static String prefix(String className) {
        String n = LAMBDA_NUMBER.matcher(className).replaceAll("\\$\\$Lambda");
        return TRAILING_DIGITS.matcher(n).replaceAll("*");
    }
}
