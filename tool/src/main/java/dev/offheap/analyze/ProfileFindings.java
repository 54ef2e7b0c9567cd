package dev.offheap.analyze;

import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.Culprit;
import dev.offheap.model.Finding;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import dev.offheap.model.StackFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Findings of a malloc profile: {@code ZIP_STREAMS_NOT_ENDED} when what stays allocated goes through
 * java.util.zip's Inflater/Deflater, {@code UNSAFE_MEMORY_GROWTH} when it goes through Unsafe.allocateMemory (named by
 * the Java caller of Unsafe), {@code JNI_LIBRARY_LEAK} for the native library holding the most of the rest. A profile
 * without frees ({@code nativemem-nofree}) or whose frees were recorded too briefly ({@code nativemem-unjudged}) judges
 * nothing and has no findings.
 */
public final class ProfileFindings {
    static final long MIN_BYTES = 1L << 20;
    static final double MIN_SHARE = 0.10;
    private static final long CRITICAL_BYTES = 256L << 20;

    private ProfileFindings() {
    }

    public static List<Finding> evaluate(AllocationProfile p) {
        List<Finding> out = new ArrayList<>();
        if (p.mode().equals("nativemem-nofree") || p.mode().equals("nativemem-unjudged")) {
            return out;
        }
        long total = p.leakedBytes();
        List<AllocationSite> zip = p.leaked().stream().filter(ProfileFindings::throughJavaUtilZip).toList();
        long zipBytes = zip.stream().mapToLong(AllocationSite::bytes).sum();
        if (significant(zipBytes, total)) {
            out.add(zipFinding(p, zip, zipBytes));
        }
        List<AllocationSite> unsafe = p.leaked().stream().filter(s -> !throughJavaUtilZip(s) && unsafeCaller(s).isPresent()).toList();
        long unsafeBytes = unsafe.stream().mapToLong(AllocationSite::bytes).sum();
        if (significant(unsafeBytes, total)) {
            out.add(unsafeFinding(p, unsafe, unsafeBytes));
        }
        List<AllocationSite> rest = p.leaked().stream()
                .filter(s -> !throughJavaUtilZip(s) && s.library() != null && !isJvm(s.library())).toList();
        AllocationSites.byLibrary(rest).stream().findFirst()
                .filter(g -> significant(g.bytes(), total))
                .ifPresent(g -> out.add(libraryFinding(p, g, rest.stream().filter(s -> g.key().equals(s.library())).toList())));
        return out;
    }

    private static boolean significant(long bytes, long total) {
        return bytes >= MIN_BYTES && bytes >= total * MIN_SHARE;
    }

    private static boolean isJvm(String library) {
        return library.equals("libjvm.so");
    }

    static boolean throughJavaUtilZip(AllocationSite s) {
        return s.frames().stream().anyMatch(f -> f.kind() == StackFrame.Kind.JAVA
                && (f.name().startsWith("java.util.zip.Inflater.") || f.name().startsWith("java.util.zip.Deflater.")));
    }

    private static final List<String> UNSAFE_FRAMES = List.of("jdk.internal.misc.Unsafe.", "sun.misc.Unsafe.", "java.nio.");

    /** The Java method that called Unsafe.allocateMemory (through java.nio or not), if the stack goes through it. */
    static Optional<String> unsafeCaller(AllocationSite s) {
        boolean inUnsafe = false;
        for (StackFrame f : s.frames()) {
            if (f.kind() != StackFrame.Kind.JAVA) {
                continue;
            }
            if (f.name().startsWith("jdk.internal.misc.Unsafe.allocateMemory") || f.name().startsWith("sun.misc.Unsafe.allocateMemory")) {
                inUnsafe = true;
            } else if (inUnsafe && UNSAFE_FRAMES.stream().noneMatch(f.name()::startsWith)) {
                return Optional.of(f.name());
            }
        }
        return inUnsafe ? Optional.of("jdk.internal.misc.Unsafe.allocateMemory") : Optional.empty();
    }

    private static Finding unsafeFinding(AllocationProfile p, List<AllocationSite> sites, long bytes) {
        AllocationSite top = sites.get(0);
        String caller = unsafeCaller(top).orElseThrow();
        String summary = Sizes.format(bytes) + " " + still(p) + " through Unsafe.allocateMemory, called from " + caller;
        List<String> evidence = new ArrayList<>();
        evidence.add(amount(p, sites));
        for (AllocationSite s : sites.subList(0, Math.min(3, sites.size()))) {
            evidence.add(Sizes.format(s.bytes()) + " from " + describe(s));
        }
        String remedy = "Memory from Unsafe.allocateMemory is freed only by Unsafe.freeMemory: find where " + caller
                + " keeps the addresses it allocates and free them (or use ByteBuffer.allocateDirect, which a Cleaner frees).";
        Severity severity = !live(p) ? Severity.INFO : bytes >= CRITICAL_BYTES ? Severity.CRITICAL : Severity.WARNING;
        return new Finding("UNSAFE_MEMORY_GROWTH", severity, "Unsafe.allocateMemory memory not freed", summary, evidence, remedy,
                new Culprit(top.library(), caller, null, null));
    }

    /** "42 allocations, 12 MiB still allocated after 9.0 s (about 1.4 MiB/s; estimate from samples, about ±8%)". */
    static String amount(AllocationProfile p, List<AllocationSite> sites) {
        long bytes = sites.stream().mapToLong(AllocationSite::bytes).sum();
        long count = sites.stream().mapToLong(AllocationSite::count).sum();
        StringBuilder sb = new StringBuilder(count + " allocations, " + Sizes.format(bytes) + " " + still(p));
        if (p.judgedMillis() != null && p.judgedMillis() > 0) {
            sb.append(" from the first ").append(p.judgedMillis() / 1000.0).append(" s of the recording (about ")
                    .append(Sizes.format((long) (bytes * 1000.0 / p.judgedMillis()))).append("/s)");
        } else if (p.durationMillis() != null) {
            sb.append(" after ").append(p.durationMillis() / 1000.0).append(" s of profiling");
        }
        double error = p.relativeError(sites);
        if (error > 0) {
            sb.append(String.format(java.util.Locale.ROOT, "; an estimate from samples (one per %s allocated), about ±%.0f%%",
                    Sizes.format(p.intervalBytes()), error * 100));
        } else if (p.sampled()) {
            sb.append("; every one of these allocations was recorded (each at least " + Sizes.format(p.intervalBytes()) + ")");
        }
        return sb.toString();
    }

    private static boolean live(AllocationProfile p) {
        return p.mode().equals("nativemem") || p.mode().endsWith("-diff");
    }

    private static String still(AllocationProfile p) {
        return live(p) ? (p.mode().endsWith("-diff") ? "more allocated than in the base profile" : "still allocated at the end")
                : "allocated at the dump";
    }

    private static Finding libraryFinding(AllocationProfile p, AllocationProfile.Group g, List<AllocationSite> sites) {
        AllocationSite top = sites.get(0);
        String function = firstFunctionIn(top, g.key()).map(f -> " (" + f + ")").orElse("");
        String javaMethod = top.javaMethod();
        String summary = Sizes.format(g.bytes()) + " " + still(p) + " by " + g.key() + function
                + (javaMethod == null ? "" : ", called from " + javaMethod);
        List<String> evidence = new ArrayList<>();
        evidence.add(amount(p, sites));
        if (p.churnBytes() != null) {
            evidence.add(Sizes.format(p.churnBytes()) + " in " + p.churnCount() + " allocations were freed during the profile (churn, not counted)");
        }
        for (AllocationSite s : sites.subList(0, Math.min(3, sites.size()))) {
            evidence.add(Sizes.format(s.bytes()) + " from " + describe(s));
        }
        String owner = javaMethod == null ? "the objects of this library" : "the " + className(javaMethod) + " objects";
        String remedy = "Make sure " + owner + " are closed (try-with-resources) on every path: their native memory is freed"
                + " only by close(), and classes without a finalizer or cleaner never free it when collected.";
        Severity severity = !live(p) ? Severity.INFO : g.bytes() >= CRITICAL_BYTES ? Severity.CRITICAL : Severity.WARNING;
        String title = live(p) ? "JNI library " + g.key() + " leaks native memory" : "JNI library " + g.key() + " holds native memory";
        return new Finding("JNI_LIBRARY_LEAK", severity, title, summary, evidence, remedy,
                new Culprit(g.key(), javaMethod, null, null));
    }

    private static Finding zipFinding(AllocationProfile p, List<AllocationSite> sites, long bytes) {
        AllocationSite top = sites.get(0);
        String summary = Sizes.format(bytes) + " " + still(p) + " by zlib through java.util.zip"
                + (top.javaMethod() == null ? "" : " (" + top.javaMethod() + ")")
                + ": Inflater/Deflater objects (or GZIP/Zip streams holding them) that were never end()ed or closed";
        List<String> evidence = new ArrayList<>();
        evidence.add(amount(p, sites));
        for (AllocationSite s : sites.subList(0, Math.min(3, sites.size()))) {
            evidence.add(Sizes.format(s.bytes()) + " in " + s.count() + " allocations from " + describe(s));
        }
        String remedy = "Call end() on every Inflater/Deflater you create and close() GZIPInputStream/GZIPOutputStream,"
                + " ZipFile and InflaterInputStream objects (try-with-resources); until then zlib's buffers stay allocated.";
        return new Finding("ZIP_STREAMS_NOT_ENDED", live(p) ? Severity.WARNING : Severity.INFO,
                "java.util.zip streams not ended", summary, evidence, remedy,
                new Culprit(top.library(), top.javaMethod(), null, null));
    }

    private static Optional<String> firstFunctionIn(AllocationSite s, String library) {
        return s.frames().stream().filter(f -> library.equals(f.library()) && !f.name().startsWith("["))
                .map(StackFrame::name).findFirst();
    }

    /**
     * The first four frames above the allocator, innermost first; frames that repeat (unnamed frames of one library,
     * recursion) count once: "[libzstd-jni.so] (x4) <- Java_..._compressStream <- ...".
     */
    static String describe(AllocationSite s) {
        List<String> names = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        for (StackFrame f : s.frames()) {
            if (AllocationSites.isAllocator(f)) {
                continue;
            }
            if (!names.isEmpty() && names.get(names.size() - 1).equals(f.name())) {
                repeats.set(repeats.size() - 1, repeats.get(repeats.size() - 1) + 1);
            } else if (names.size() == 4) {
                break;
            } else {
                names.add(f.name());
                repeats.add(1);
            }
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            shown.add(repeats.get(i) > 1 ? names.get(i) + " (x" + repeats.get(i) + ")" : names.get(i));
        }
        return String.join(" <- ", shown);
    }

    private static String className(String method) {
        int dot = method.lastIndexOf('.');
        return dot < 0 ? method : method.substring(0, dot);
    }
}
