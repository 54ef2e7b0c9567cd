package dev.offheap.bench;

import dev.offheap.model.MemoryMap;
import dev.offheap.parse.proc.SmapsParser;
import dev.offheap.proc.ProcReader;
import dev.offheap.testing.Jdk;
import dev.offheap.testing.TargetJvm;
import dev.offheap.zoo.ManyThreads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parse time of the smaps of a real JVM with 5,000 threads (-Xss256k, -Xmx32m), against a bare line read of the
 * same text in the same run. Prints figures, asserts nothing. Run:
 * {@code java -cp tool/target/classes:tool/target/test-classes:zoo/target/classes dev.offheap.bench.SmapsParseBench [threads]}
 */
public final class SmapsParseBench {
    private static final int ROUNDS = 15;

    private SmapsParseBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        String text;
        long kernelNanos;
        try (TargetJvm jvm = TargetJvm.builder(Jdk.JDK17, ManyThreads.class)
                .jvmArgs("-Xss256k", "-Xmx32m", "-XX:+UseSerialGC", "-XX:-UsePerfData")
                .args(Integer.toString(threads)).readyTimeoutSeconds(120).start()) {
            ProcReader reader = new ProcReader(jvm.pid());
            long t0 = System.nanoTime();
            text = new String(reader.bytes("smaps"), StandardCharsets.UTF_8);
            kernelNanos = System.nanoTime() - t0;
            System.out.printf("target: pid %d, %d threads, smaps %.1f MiB read from /proc in %.1f ms%n", jvm.pid(),
                    reader.status().value().threads(), text.length() / 1048576.0, kernelNanos / 1e6);
        }
        long[] bare = new long[ROUNDS];
        long[] parse = new long[ROUNDS];
        MemoryMap map = null;
        long lines = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            lines = bareLineRead(text);
            bare[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            map = SmapsParser.parse(text, "smaps").value();
            parse[i] = System.nanoTime() - t0;
        }
        Arrays.sort(bare);
        Arrays.sort(parse);
        System.out.printf("%d lines, %d mappings, rss %.1f MiB%n", lines, map.mappings().size(),
                map.rssBytes().orElseThrow() / 1048576.0);
        System.out.printf("parse: first %.1f ms, median %.1f ms, best %.1f ms%n", firstOf(parse) / 1e6,
                parse[ROUNDS / 2] / 1e6, parse[0] / 1e6);
        System.out.printf("bare line read: median %.1f ms, best %.1f ms%n", bare[ROUNDS / 2] / 1e6, bare[0] / 1e6);
        System.out.printf("ratio parse/bare (median): %.2f; kernel read/parse: %.2f%n",
                (double) parse[ROUNDS / 2] / bare[ROUNDS / 2], (double) kernelNanos / parse[ROUNDS / 2]);
    }

    private static long firstOf(long[] sortedTimes) {
        return sortedTimes[sortedTimes.length - 1]; // the slowest run is the cold one
    }

    /** Reads every line and touches its first character, as any parser must at least do. */
    private static long bareLineRead(String text) {
        long n = 0;
        long sink = 0;
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                sink += line.isEmpty() ? 0 : line.charAt(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink == 42 ? n + 1 : n;
    }
}
