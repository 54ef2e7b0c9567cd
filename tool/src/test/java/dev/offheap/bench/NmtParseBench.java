package dev.offheap.bench;

import dev.offheap.model.NmtReport;
import dev.offheap.model.Parsed;
import dev.offheap.parse.nmt.NmtParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Parse speed of {@link NmtParser} on a ~50 MB NMT detail output, made by replicating the real JDK 17 detail
 * fixture's virtual memory map and call sites with shifted addresses. Prints the parse time, MB/s, and the ratio to
 * a baseline measured in the same run: reading the same lines with BufferedReader and doing nothing with them.
 * Run: {@code java -cp tool/target/classes:tool/target/test-classes dev.offheap.bench.NmtParseBench [MB]}
 */
public final class NmtParseBench {
    private static final int ROUNDS = 5;

    private NmtParseBench() {
    }

    public static void main(String[] args) throws IOException {
        int targetMb = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        String text = generate(targetMb);
        double mb = text.length() / (1024.0 * 1024.0);
        System.out.printf("input: %.1f MB, %d lines%n", mb, text.lines().count());
        long base = Long.MAX_VALUE;
        long parse = Long.MAX_VALUE;
        Parsed<NmtReport> last = null;
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            long lines = readLines(text);
            long t1 = System.nanoTime();
            last = NmtParser.parse(text, "bench.txt");
            long t2 = System.nanoTime();
            base = Math.min(base, t1 - t0);
            parse = Math.min(parse, t2 - t1);
            if (lines == 0) {
                throw new IllegalStateException("no lines");
            }
        }
        NmtReport r = last.value();
        System.out.printf("parsed: %d regions, %d malloc sites, %d vm sites, %d warnings%n",
                r.virtualMemoryMap().size(), r.mallocSites().size(), r.virtualMemorySites().size(),
                last.warnings().size());
        System.out.printf("baseline (BufferedReader.readLine): %.0f ms, %.0f MB/s%n", base / 1e6, mb / (base / 1e9));
        System.out.printf("NmtParser.parse:                    %.0f ms, %.0f MB/s%n", parse / 1e6, mb / (parse / 1e9));
        System.out.printf("ratio parse/baseline: %.2f (best of %d rounds)%n", (double) parse / base, ROUNDS);
    }

    private static long readLines(String text) throws IOException {
        long n = 0;
        try (BufferedReader in = new BufferedReader(new StringReader(text))) {
            while (in.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    /** Header + summary as captured, then map and site blocks repeated with addresses shifted per copy. */
    static String generate(int targetMb) throws IOException {
        String fixture;
        try (InputStream in = NmtParseBench.class.getResourceAsStream("/fixtures/nmt/jdk17-detail.txt")) {
            fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int map = fixture.indexOf("Virtual memory map:");
        int details = fixture.indexOf("Details:");
        int omitted = fixture.indexOf("(1653 call sites");
        String head = fixture.substring(0, map + "Virtual memory map:\n".length());
        String regions = fixture.substring(map + "Virtual memory map:\n".length(), details);
        String sites = fixture.substring(details + "Details:\n".length(), omitted);
        long target = (long) targetMb << 20;
        int copies = (int) Math.max(1, target / (regions.length() + sites.length()));
        StringBuilder b = new StringBuilder((int) (target + (4 << 20))).append(head);
        for (int i = 0; i < copies; i++) {
            b.append(shift(regions, i));
        }
        b.append("Details:\n\n");
        for (int i = 0; i < copies; i++) {
            b.append(shift(sites, i));
        }
        return b.append(fixture.substring(omitted)).toString();
    }

    private static String shift(String block, int copy) {
        return block.replace("[0x00007f80", String.format("[0x00007%03x", copy & 0xfff))
                .replace("[0x00000000f", String.format("[0x00000%03xf", copy & 0xfff));
    }
}
