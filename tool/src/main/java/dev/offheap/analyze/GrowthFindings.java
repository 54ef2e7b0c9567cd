package dev.offheap.analyze;

import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.GrowthGroup;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.Report;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Findings of a growth profile: each group that explains a real part of the RSS growth and is a known cause becomes
 * the finding for that cause (a JNI library, java.util.zip, Unsafe memory, direct buffers, class metadata, thread
 * stacks) with its culprit: "libzstd-jni-1.5.7-6.so via ZstdOutputStreamNoFinalizer.compressStream grows RSS by
 * 28 MiB/min, 93% of the growth". Java heap and JIT groups are no leak here (the heap is judged against -Xmx by
 * report and watch). RSS that did not grow gives no finding.
 */
public final class GrowthFindings {
    static final double MIN_EXPLAINED = 0.10;
    static final long MIN_BYTES = 1L << 20;

    private GrowthFindings() {
    }

    public static List<Finding> evaluate(GrowthProfile p) {
        List<Finding> out = new ArrayList<>();
        if (!p.grew()) {
            return out;
        }
        Set<FindingId> ids = new LinkedHashSet<>();
        for (GrowthGroup g : p.groups()) {
            if (g.explained() == null || g.explained() < MIN_EXPLAINED || g.bytes() < MIN_BYTES) {
                continue;
            }
            FindingId id = id(g);
            if (id != null && ids.add(id)) {
                out.add(finding(p, g, id));
            }
        }
        return out;
    }

    /** The finding id a group is evidence of, or null (Java heap, JIT, the JVM's own threads). */
    /** The report with the profile's findings added, ordered by severity (a saved profile beside a snapshot). */
    public static Report addTo(Report report, GrowthProfile profile) {
        List<Finding> findings = new ArrayList<>(report.findings());
        findings.addAll(evaluate(profile));
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new Report(report.snapshot(), report.explained(), report.budget(), findings);
    }

    static FindingId id(GrowthGroup g) {
        return switch (g.kind()) {
            case JNI -> g.javaClass() != null && (g.javaClass().equals("java.util.zip.Deflater")
                    || g.javaClass().equals("java.util.zip.Inflater")) ? FindingId.ZIP_STREAMS_NOT_ENDED : FindingId.JNI_LIBRARY_LEAK;
            case JVM -> switch (g.category()) {
                case "unsafe" -> FindingId.UNSAFE_MEMORY_GROWTH;
                case "direct-buffers" -> FindingId.DIRECT_BUFFER_GROWTH;
                case "metaspace" -> FindingId.METASPACE_GROWTH;
                case "thread-stacks" -> FindingId.THREAD_GROWTH;
                default -> null;
            };
            case THREAD_STACKS -> FindingId.THREAD_GROWTH;
            case NATIVE_THREAD -> g.category().equals("malloc-untracked") && g.library() != null ? FindingId.JNI_LIBRARY_LEAK : null;
            default -> null;
        };
    }

    private static Finding finding(GrowthProfile p, GrowthGroup g, FindingId id) {
        String who = g.title();
        String caller = g.caller() == null ? null : g.caller().name();
        String summary = who + " grows RSS by " + rate(p, g) + String.format(Locale.ROOT, ", %.0f%% of the growth",
                g.explained() * 100) + (caller != null && g.kind() == GrowthGroup.Kind.JNI ? " (called from " + caller + ")" : "");
        List<String> evidence = new ArrayList<>();
        evidence.add(amount(p, g));
        if (g.methods().size() > 1) {
            evidence.add("methods: " + shares(g.methods()));
        }
        if (g.caller() != null) {
            evidence.add(String.format(Locale.ROOT, "Java caller: %s (%.0f%% of the group's faults)", caller, g.caller().share() * 100));
        }
        if (g.library() != null && g.library().renamed()) {
            evidence.add(g.library().shown() + " is the extracted copy " + (g.library().path() == null ? g.library().file()
                    : g.library().path()) + " (" + g.library().how() + ")");
        }
        evidence.addAll(g.notes());
        if (g.kind() == GrowthGroup.Kind.THREAD_STACKS || id == FindingId.THREAD_GROWTH) {
            evidence.add("threads: " + p.window().threadsStart() + " when sampling started, " + p.window().threadsEnd()
                    + " when it stopped");
            creator(p).ifPresent(c -> evidence.add("threads are started by " + c + " (Thread.start0)"));
        }
        if (p.churn() != null && p.churn() > GrowthProfiles.CHURN && caller != null) {
            evidence.add(String.format(Locale.ROOT, "faults stand for %.1fx the RSS growth (churn): the Java caller may be"
                    + " code that frees and reallocates rather than the leak; confirm with the malloc profile (--malloc --exact)", p.churn()));
        }
        Culprit culprit = culprit(p, g, id);
        return new Finding(id, Severity.WARNING, title(g, id), summary, evidence, remedy(g, id, caller), culprit);
    }

    private static java.util.Optional<String> creator(GrowthProfile p) {
        return p.groups().stream().filter(x -> x.kind() == GrowthGroup.Kind.JVM && "thread-stacks".equals(x.category())
                && x.caller() != null).map(x -> x.caller().name()).findFirst();
    }

    private static Culprit culprit(GrowthProfile p, GrowthGroup g, FindingId id) {
        String lib = g.library() == null ? null : g.library().shown();
        String caller = g.caller() == null ? null : g.caller().name();
        return switch (id) {
            case JNI_LIBRARY_LEAK, ZIP_STREAMS_NOT_ENDED -> new Culprit(lib, g.javaMethod(), g.javaClass(),
                    g.kind() == GrowthGroup.Kind.NATIVE_THREAD ? g.thread() : null);
            case THREAD_GROWTH -> new Culprit(null, g.kind() == GrowthGroup.Kind.THREAD_STACKS ? creator(p).orElse(null) : caller,
                    "java.lang.Thread", g.kind() == GrowthGroup.Kind.THREAD_STACKS ? g.thread() : null);
            // direct buffers, Unsafe, metaspace: the JDK's method is the same for every leak, the caller is the news;
            // the class is the caller's, so that method and class name the same code
            default -> caller != null ? new Culprit(lib, caller, declaringClass(caller), null)
                    : new Culprit(lib, g.javaMethod(), g.javaClass(), null);
        };
    }

    /** "app.OffHeap.grow" → "app.OffHeap"; a name without a dot is its own class. */
    private static String declaringClass(String method) {
        int dot = method.lastIndexOf('.');
        return dot < 0 ? method : method.substring(0, dot);
    }

    private static String title(GrowthGroup g, FindingId id) {
        return switch (id) {
            case ZIP_STREAMS_NOT_ENDED -> "java.util.zip streams not ended (RSS grows through zlib)";
            case UNSAFE_MEMORY_GROWTH -> "Unsafe.allocateMemory memory grows RSS";
            case DIRECT_BUFFER_GROWTH -> "direct buffers grow RSS";
            case METASPACE_GROWTH -> "class definitions grow RSS (metaspace)";
            case THREAD_GROWTH -> "new threads' stacks grow RSS";
            default -> "JNI library " + (g.library() == null ? g.javaClass() : g.library().shown()) + " grows RSS";
        };
    }

    private static String remedy(GrowthGroup g, FindingId id, String caller) {
        String confirm = " To tell a leak from memory that is freed later, run the malloc profile on the same JVM"
                + " (offheap profile PID --malloc, or --malloc --exact on a test system).";
        return switch (id) {
            case ZIP_STREAMS_NOT_ENDED -> "Call end() on every Inflater/Deflater you create and close() GZIP/Zip/Inflater"
                    + " streams (try-with-resources); until then zlib's buffers stay allocated." + confirm;
            case UNSAFE_MEMORY_GROWTH -> "Memory from Unsafe.allocateMemory is freed only by Unsafe.freeMemory: find where "
                    + (caller == null ? "it" : caller) + " keeps the addresses it allocates and free them." + confirm;
            case DIRECT_BUFFER_GROWTH -> "Direct buffers are freed when the buffer objects are collected: drop the references "
                    + (caller == null ? "" : caller + " ") + "keeps, or cap them with -XX:MaxDirectMemorySize; "
                    + "'offheap heap --dump PID' shows what holds them.";
            case METASPACE_GROWTH -> "Classes keep being defined" + (caller == null ? "" : " by " + caller) + ": cache what"
                    + " defines them (generated classes, proxies, scripts) or let their class loaders be collected;"
                    + " 'offheap heap --dump PID' shows the class loaders.";
            case THREAD_GROWTH -> "Threads keep being started and never end: shut executors down (or share one) and bound"
                    + " thread pools; each thread keeps its stack.";
            default -> "Find what " + (caller == null ? "the application" : caller) + " keeps of the native memory it gets"
                    + (g.javaClass() == null ? " from " + (g.library() == null ? "this library" : g.library().shown())
                    : " through " + g.javaClass()) + " (objects never closed or freed, a registry that only grows) and release it"
                    + " on every path (close() or the library's free, try-with-resources): the garbage collector does not free"
                    + " native memory." + confirm;
        };
    }

    /** "12.4 MiB of new pages in 15.0 s (about 50 MiB/min, ±3%), 3,180 faults sampled in 24 threads". */
    static String amount(GrowthProfile p, GrowthGroup g) {
        return String.format(Locale.ROOT, "%s of new pages touched in %.1f s (about %s, ±%.0f%%): %d faults from %d samples"
                        + " in %d thread%s, %.0f%% of all faults sampled", Sizes.format(g.bytes()), p.window().durationMillis() / 1000.0,
                rate(p, g), g.error() * 100, g.faults(), g.samples(), g.threads(), g.threads() == 1 ? "" : "s", g.share() * 100);
    }

    /** The group's bytes per minute over the window. */
    static String rate(GrowthProfile p, GrowthGroup g) {
        double minutes = Math.max(1, p.window().durationMillis()) / 60_000.0;
        return Sizes.format(Math.round(g.bytes() / minutes)) + "/min";
    }

    static String shares(List<GrowthGroup.Share> shares) {
        List<String> parts = new ArrayList<>();
        for (GrowthGroup.Share s : shares.subList(0, Math.min(4, shares.size()))) {
            parts.add(String.format(Locale.ROOT, "%s %.0f%%", s.name(), s.share() * 100));
        }
        return String.join(", ", parts);
    }
}
