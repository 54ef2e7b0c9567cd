package dev.offheap.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.zoo.ClassLoaderLeak;
import dev.offheap.zoo.DirectBufferLeak;
import dev.offheap.zoo.JnaLeak;
import dev.offheap.zoo.ThreadLeak;
import dev.offheap.zoo.UnsafeLeak;
import dev.offheap.zoo.ZipLeak;
import dev.offheap.zoo.ZstdLeak;
import java.util.ArrayList;
import java.util.List;

/**
 * The zoo's growth kinds and what the growth profile must name first for each (its {@code grew[0]}) and which finding
 * it must make: shared by GrowthProfileLiveTest and the reliability bench (GrowthReliabilityBench).
 */
public enum GrowthKinds {
    DIRECT(DirectBufferLeak.class, List.of("0", "4", "1000000"), List.of("-XX:MaxDirectMemorySize=4g"), "DIRECT_BUFFER_GROWTH"),
    UNSAFE(UnsafeLeak.class, List.of("4"), List.of(), "UNSAFE_MEMORY_GROWTH"),
    ZIP(ZipLeak.class, List.of("20"), List.of(), "ZIP_STREAMS_NOT_ENDED"),
    ZSTD(ZstdLeak.class, List.of("100", "4"), List.of(), "JNI_LIBRARY_LEAK"),
    JNA(JnaLeak.class, List.of("4", "256"), List.of(), "JNI_LIBRARY_LEAK"),
    THREAD(ThreadLeak.class, List.of("20"), List.of(), "THREAD_GROWTH"),
    METASPACE(ClassLoaderLeak.class, List.of("400"), List.of(), "METASPACE_GROWTH");

    public final Class<?> main;
    public final List<String> args;
    public final List<String> jvmArgs;
    public final String findingId;

    GrowthKinds(Class<?> main, List<String> args, List<String> jvmArgs, String findingId) {
        this.main = main;
        this.args = args;
        this.jvmArgs = jvmArgs;
        this.findingId = findingId;
    }

    /** Starts this kind's zoo program on {@code jdk}, NMT off. */
    public TargetJvm start(Jdk jdk) {
        List<String> opts = new ArrayList<>(List.of("-Xmx64m"));
        opts.addAll(jvmArgs);
        if (jdk.major >= 24) {
            opts.add("--enable-native-access=ALL-UNNAMED"); // JEP 472's warning for System.load by zstd-jni and JNA
        }
        return TargetJvm.builder(jdk, main).jvmArgs(opts.toArray(String[]::new)).args(args.toArray(String[]::new)).start();
    }

    /** What is wrong with the first group of a growth profile's JSON for this kind, or an empty list. */
    public List<String> problems(JsonNode first) {
        List<String> p = new ArrayList<>();
        switch (this) {
            case DIRECT -> {
                expect(p, first, "category", "direct-buffers");
                expect(p, first, "caller", "dev.offheap.zoo.DirectBufferLeak.retainOneMib");
            }
            case UNSAFE -> {
                expect(p, first, "category", "unsafe");
                expect(p, first, "caller", "dev.offheap.zoo.UnsafeLeak.main");
            }
            case ZIP -> {
                expect(p, first, "javaClass", "java.util.zip.Deflater");
                expect(p, first, "library", "libzip.so");
            }
            case ZSTD -> {
                expect(p, first, "javaClass", "com.github.luben.zstd.ZstdOutputStreamNoFinalizer");
                expect(p, first, "library", "libzstd-jni-1.5.7-6.so");
                matches(p, first, "libraryFile", "libzstd-jni-1\\.5\\.7-6\\d+\\.so");
            }
            case JNA -> {
                expect(p, first, "javaClass", "com.sun.jna.Native");
                expect(p, first, "library", "libjnidispatch.so");
                matches(p, first, "libraryFile", "jna\\d+\\.tmp");
                expect(p, first, "caller", "dev.offheap.zoo.JnaLeak.main");
            }
            case THREAD -> {
                expect(p, first, "category", "thread-stacks");
                expect(p, first, "thread", "pool-N-thread-N");
            }
            case METASPACE -> {
                expect(p, first, "category", "metaspace");
                expect(p, first, "javaMethod", "java.lang.ClassLoader.defineClass1");
                boolean defining = false;
                for (JsonNode f : first.path("frames")) {
                    String n = f.path("name").asText();
                    defining |= n.contains("ClassFileParser") || n.contains("SystemDictionary") || n.contains("KlassFactory");
                }
                if (!defining) {
                    p.add("no class-defining frame (ClassFileParser, SystemDictionary, KlassFactory) in " + first.path("frames"));
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return p;
    }

    private static void expect(List<String> p, JsonNode n, String field, String value) {
        if (!n.path(field).asText().equals(value)) {
            p.add(field + " is '" + n.path(field).asText() + "', expected '" + value + "'");
        }
    }

    private static void matches(List<String> p, JsonNode n, String field, String regex) {
        if (!n.path(field).asText().matches(regex)) {
            p.add(field + " is '" + n.path(field).asText() + "', expected to match " + regex);
        }
    }
}
