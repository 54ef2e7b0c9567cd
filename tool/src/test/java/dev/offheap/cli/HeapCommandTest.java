package dev.offheap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.offheap.report.Json;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.HeapViewsZoo;
import dev.offheap.zoo.Idle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code offheap heap --dump PID} on the HeapViewsZoo under JDK 17 and 25: every number of the views is checked.
 * Besides the zoo's own objects the JDK holds buffers (views over lib/modules), zip streams (over jars on the class
 * path) and MemberNames of its own, which depend on the build and the class path: the zoo's numbers are checked as
 * the difference to an idle JVM of the same JDK, options and class path.
 */
class HeapCommandTest {
    static final long KIB = 1024;
    static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run offheap(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private JsonNode dumpZoo(Jdk jdk) throws Exception {
        return dump(jdk, HeapViewsZoo.class);
    }

    /**
     * The same JDK, options and class path running a program that does nothing: the JDK's own buffers, zip streams
     * and MemberNames depend on the build and on whether the class path is a jar or a folder, so the zoo's numbers
     * are checked as the difference to this baseline.
     */
    private JsonNode baseline(Jdk jdk) throws Exception {
        return dump(jdk, Idle.class).get("heap");
    }

    private JsonNode dump(Jdk jdk, Class<?> main) throws Exception {
        try (TargetJvm t = TargetJvm.builder(jdk, main).zooClassesFolder()
                .jvmArgs("-XX:+DisableExplicitGC", "-Xmn64m", "-Xmx128m", "-XX:+UseSerialGC").start()) {
            Run r = offheap("heap", "--dump", Long.toString(t.pid()), "--json", "--temp-dir", tmp.toString());
            assertThat(r.err()).contains("the JVM is paused");
            assertThat(r.code()).as(r.err()).isZero();
            try (var s = Files.list(tmp)) {
                assertThat(s).as("work files left behind").isEmpty();
            }
            try (var s = Files.list(t.workDir())) {
                assertThat(s.map(p -> p.getFileName().toString())).doesNotContain(".attach_pid" + t.pid());
            }
            return Json.mapper().readTree(r.out());
        }
    }

    @Test
    void zooOnJdk17HasExactlyTheKnownBuffersLoadersAccessorsAndZipStreams() throws Exception {
        JsonNode base = baseline(Jdk.JDK17);
        JsonNode doc = dumpZoo(Jdk.JDK17);
        JsonNode heap = doc.get("heap");
        JsonNode b = heap.get("directBuffers");
        JsonNode bb = base.get("directBuffers");
        // 5 kept + 8 dropped + the 2 MiB NIO temporary buffer of "io-3" (it has a cleaner on JDK 17)
        assertThat(b.get("owning").asLong() - bb.get("owning").asLong()).isEqualTo(14);
        assertThat(b.get("owningCapacity").asLong() - bb.get("owningCapacity").asLong()).isEqualTo(5 * 64 * KIB + 8 * MIB + 2 * MIB);
        // 2 slices, 1 duplicate, 1 read-only view; the JDK adds views over lib/modules as the zoo loads classes
        assertThat(b.get("views").asLong()).isGreaterThanOrEqualTo(4);
        // the JDK's own JNI buffer over lib/modules has no cleaner
        assertThat(b.get("noCleaner").asLong()).isEqualTo(1);
        assertThat(b.get("count").asLong()).isEqualTo(b.get("owning").asLong() + b.get("views").asLong() + b.get("noCleaner").asLong());
        assertThat(b.get("reachableOwning").asLong()).isEqualTo(6);
        assertThat(b.get("unreachableOwning").asLong()).isEqualTo(8);
        assertThat(b.get("unreachableCapacity").asLong()).isEqualTo(8 * MIB);
        assertCachedBufferOfIo3(b);
        assertCommon(heap, base);
        assertThat(heap.at("/reflection/delegatingClassLoaders").asLong()).isEqualTo(3);
        assertThat(heap.at("/reflection/generatedMethodAccessors").asLong()).isEqualTo(3);
        assertThat(heap.get("memberNames").asLong()).isGreaterThanOrEqualTo(base.get("memberNames").asLong());
        assertThat(findingIds(doc)).containsExactly("DISABLE_EXPLICIT_GC", "DUPLICATE_CLASSES",
                "NIO_TEMP_BUFFER_CACHE");
    }

    @Test
    void zooOnJdk25HasNoReflectionAccessorsAndAnUncleanedTemporaryBuffer() throws Exception {
        JsonNode base = baseline(Jdk.JDK25);
        JsonNode doc = dumpZoo(Jdk.JDK25);
        JsonNode heap = doc.get("heap");
        JsonNode b = heap.get("directBuffers");
        JsonNode bb = base.get("directBuffers");
        // JDK 22+ allocates NIO temporary buffers without a cleaner: the 2 MiB one is not "owning"
        assertThat(b.get("owning").asLong() - bb.get("owning").asLong()).isEqualTo(13);
        assertThat(b.get("owningCapacity").asLong() - bb.get("owningCapacity").asLong()).isEqualTo(5 * 64 * KIB + 8 * MIB);
        assertThat(b.get("views").asLong()).isGreaterThanOrEqualTo(4);
        // the JDK's own JNI buffer over lib/modules, and io-3's temporary buffer
        assertThat(b.get("noCleaner").asLong()).isEqualTo(2);
        assertThat(b.get("count").asLong()).isEqualTo(b.get("owning").asLong() + b.get("views").asLong() + b.get("noCleaner").asLong());
        assertThat(b.get("reachableOwning").asLong()).isEqualTo(5);
        assertThat(b.get("unreachableOwning").asLong()).isEqualTo(8);
        assertThat(b.get("unreachableCapacity").asLong()).isEqualTo(8 * MIB);
        assertCachedBufferOfIo3(b);
        assertCommon(heap, base);
        // JDK 18+ reflection uses method handles: no accessor classes, no DelegatingClassLoaders
        assertThat(heap.at("/reflection/delegatingClassLoaders").asLong()).isZero();
        assertThat(heap.at("/reflection/generatedMethodAccessors").asLong()).isZero();
        assertThat(heap.get("memberNames").asLong()).isGreaterThanOrEqualTo(base.get("memberNames").asLong());
        assertThat(findingIds(doc)).containsExactly("DISABLE_EXPLICIT_GC", "DUPLICATE_CLASSES", "NIO_TEMP_BUFFER_CACHE");
    }

    private static void assertCachedBufferOfIo3(JsonNode b) {
        List<JsonNode> io3 = new ArrayList<>();
        b.get("holders").forEach(h -> {
            if ("io-3".equals(h.path("thread").asText(null))) {
                io3.add(h);
            }
        });
        assertThat(io3).singleElement().satisfies(h -> {
            assertThat(h.get("path").asText()).startsWith("thread \"io-3\" -> ")
                    .endsWith("-> sun.nio.ch.Util$BufferCache -> java.nio.ByteBuffer[]");
            assertThat(h.get("buffers").asLong()).isEqualTo(1);
            assertThat(h.get("capacity").asLong()).isEqualTo(2 * MIB);
        });
    }

    private static void assertCommon(JsonNode heap, JsonNode base) {
        assertThat(heap.get("partial").asBoolean()).isFalse();
        // the JDK's lib/modules mapping is a buffer without cleaner of 100 MiB and more: told apart, not a holder
        JsonNode b = heap.get("directBuffers");
        assertThat(b.get("jdkImageCapacity").asLong()).isGreaterThan(64L << 20).isLessThanOrEqualTo(b.get("noCleanerCapacity").asLong());
        b.get("holders").forEach(h -> assertThat(h.get("path").asText()).doesNotContain("jdk.internal.jimage"));
        assertThat(heap.at("/mappedBuffers/count").asLong()).isEqualTo(1);
        assertThat(heap.at("/mappedBuffers/capacity").asLong()).isEqualTo(64 * KIB);
        JsonNode zoo = null;
        for (JsonNode t : heap.get("classLoaders")) {
            if (t.get("type").asText().equals("dev.offheap.zoo.HeapViewsZoo$ZooLoader")) {
                zoo = t;
            }
        }
        assertThat(zoo).isNotNull();
        assertThat(zoo.get("loaders").asLong()).isEqualTo(12);
        assertThat(zoo.get("classes").asLong()).isEqualTo(12);
        // ZooPlugin: once in each of the 12 ZooLoaders and once in the application class loader
        assertThat(heap.get("duplicateClasses")).hasSize(1);
        assertThat(heap.at("/duplicateClasses/0/name").asText()).isEqualTo("dev.offheap.zoo.ZooPlugin");
        assertThat(heap.at("/duplicateClasses/0/loaders").asLong()).isEqualTo(13);
        assertThat(heap.at("/zip/deflaters").asLong() - base.at("/zip/deflaters").asLong()).isEqualTo(5);
        assertThat(heap.at("/zip/deflatersNotEnded").asLong() - base.at("/zip/deflatersNotEnded").asLong()).isEqualTo(3);
        assertThat(heap.at("/zip/inflaters").asLong() - base.at("/zip/inflaters").asLong()).isEqualTo(3);
        assertThat(heap.at("/zip/inflatersNotEnded").asLong() - base.at("/zip/inflatersNotEnded").asLong()).isEqualTo(2);
    }

    private static List<String> findingIds(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        doc.get("findings").forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    @Test
    void missingFileExitsWith2AndSaysWhy() {
        Run r = offheap("heap", tmp.resolve("nope.hprof").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("offheap heap: nope.hprof: no such file (expected a heap dump .hprof or .hprof.gz)\n");
    }

    @Test
    void dumpOfAMissingProcessExitsWith3() {
        Run r = offheap("heap", "--dump", "999999999");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).endsWith("offheap heap: pid 999999999: no such process\n");
    }

    @Test
    void fileAndDumpTogetherIsAUsageError() {
        Run r = offheap("heap", "x.hprof", "--dump", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("offheap heap: give either a heap dump FILE or --dump PID\n");
    }

    @Test
    void helpExplainsEachView() {
        Run r = offheap("heap", "--help");
        assertThat(r.out()).contains("Direct buffers", "Mapped buffers", "Class loaders", "Duplicate classes",
                "Native owners", "Reference.referent", "--no-reachability", "--dump");
    }
}
