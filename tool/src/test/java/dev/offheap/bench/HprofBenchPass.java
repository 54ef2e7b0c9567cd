package dev.offheap.bench;

import dev.offheap.analyze.heap.HeapViews;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.parse.hprof.HeapDumpScanner;
import dev.offheap.parse.hprof.HprofFile;
import dev.offheap.parse.hprof.HprofReader;
import dev.offheap.parse.hprof.HprofVisitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One measured pass in its own JVM, so its peak RSS (VmHWM) is its own: {@code bare} walks records and sub-record
 * tags only, {@code views} computes the views without reachability, {@code reach} with reachability.
 * Prints {@code millis=… hwmKiB=… result=…}. Usage: {@code HprofBenchPass MODE FILE TEMPDIR}.
 */
public final class HprofBenchPass {
    private HprofBenchPass() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path file = Path.of(args[1]);
        Path temp = Path.of(args[2]);
        long t0 = System.nanoTime();
        String result;
        if (mode.equals("bare")) {
            try (HprofFile f = HprofFile.open(file, temp)) {
                result = "partial=" + new HprofReader(f).walk(new HprofVisitor() { }).partial();
            }
        } else {
            HeapSummary s = HeapViews.summarize(HeapDumpScanner.scan(file,
                    new HeapDumpScanner.Options(mode.equals("reach"), temp)).value());
            result = "owning=" + s.directBuffers().owning() + ",unreachable=" + s.directBuffers().unreachableOwning();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("millis=" + millis + " hwmKiB=" + hwmKiB() + " result=" + result);
    }

    // "VmHWM:	  123456 kB"
    static long hwmKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
