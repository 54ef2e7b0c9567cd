package dev.offheap.zoo;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Hidden classes piling up in an existing loader: a rule engine that compiles each rule to a {@link LongPredicate}
 * through {@link LambdaMetafactory} (one new hidden class {@code RuleEngine$$Lambda…} per call) and caches every
 * compiled rule by its text. {@code args[0]} new rules per second (default 200). No class loader is created: the
 * lambdas are defined strongly into the application loader (InnerClassLambdaMetafactory: NESTMATE, STRONG), with no
 * class loader data of their own, so VM.classloader_stats shows only the application loader's classes growing.
 */
public final class RuleEngine {
    private static final Map<String, LongPredicate> COMPILED = new HashMap<>();
    private static final MethodType PREDICATE = MethodType.methodType(boolean.class, long.class);

    private RuleEngine() {
    }

    public static void main(String[] args) throws Throwable {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle above = lookup.findStatic(RuleEngine.class, "above",
                MethodType.methodType(boolean.class, long.class, long.class));
        long next = 1;
        long matched = 0;
        boolean announced = false;
        while (true) {
            long start = System.nanoTime();
            for (int i = 0; i < Math.max(1, perSecond / 10); i++, next++) {
                LongPredicate rule = compile(lookup, above, next);
                COMPILED.put("value > " + next, rule);
                matched += rule.test(next * 2) ? 1 : 0;
            }
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            if (matched < 0) {
                System.out.println(matched);
            }
            Thread.sleep(Math.max(0, 100 - (System.nanoTime() - start) / 1_000_000));
        }
    }

    /** What javac's invokedynamic does once per call site, done here once per rule: a new lambda class each time. */
    private static LongPredicate compile(MethodHandles.Lookup lookup, MethodHandle above, long threshold) throws Throwable {
        CallSite site = LambdaMetafactory.metafactory(lookup, "test", MethodType.methodType(LongPredicate.class, long.class),
                PREDICATE, above, PREDICATE);
        return (LongPredicate) site.getTarget().invoke(threshold);
    }

    private static boolean above(long threshold, long value) {
        return value > threshold;
    }
}
