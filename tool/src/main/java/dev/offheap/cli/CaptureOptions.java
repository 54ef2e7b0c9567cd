package dev.offheap.cli;

import dev.offheap.capture.CaptureSettings;
import dev.offheap.files.HostLock;
import dev.offheap.files.OwnerOnly;
import dev.offheap.redact.Redactor;
import dev.offheap.model.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of captures that {@code watch} and {@code export} share: {@code --capture DIR} and its bounds. */
public final class CaptureOptions {
    @Option(names = "--capture", paramLabel = "DIR", description = "Save a capture into DIR when a JVM nears its memory"
            + " limit (see 'Captures' above); DIR is made (0700) if missing.")
    Path dir;

    @Option(names = "--capture-at", split = ",", paramLabel = "PERCENT", description = "Shares of the limit that trigger a"
            + " capture, each once per JVM (default: 75,90).")
    List<String> at;

    @Option(names = "--capture-keep", paramLabel = "N", description = "Captures DIR keeps at most, the newest (default: "
            + CaptureSettings.DEFAULT_KEEP + ").")
    Integer keep;

    @Option(names = "--capture-max-size", paramLabel = "SIZE", description = "Bytes DIR keeps at most (default: 1g); the"
            + " newest capture stays whatever its size.")
    String maxSize;

    @Option(names = "--capture-heap-dump", description = "Also save a heap dump in each capture (GC.heap_dump -all: a"
            + " safepoint operation; measured 150-190 ms of pause with 256 MiB of live heap, about 0.6-0.8 s per GiB).")
    boolean heapDump;

    /**
     * The settings, or null without --capture; DIR is made (owner-only) or checked to be a writable folder;
     * {@code redaction}: what the command's --redact and --no-redact ask.
     */
    CaptureSettings settings(Redactor redaction) {
        if (dir == null) {
            if (at != null || keep != null || maxSize != null || heapDump) {
                throw new UsageException("--capture-at, --capture-keep, --capture-max-size and --capture-heap-dump need"
                        + " --capture DIR");
            }
            return null;
        }
        List<Integer> percents = new ArrayList<>();
        for (String a : at == null ? List.<String>of() : at) {
            String t = a.strip().replaceAll("%$", "");
            try {
                int p = Integer.parseInt(t);
                if (p >= 1 && p <= 100) {
                    percents.add(p);
                    continue;
                }
            } catch (NumberFormatException e) {
                // the usage error below
            }
            throw new UsageException("--capture-at: '" + a + "' is not a share of the limit (expected 1 to 100, e.g. 75,90)");
        }
        if (keep != null && keep < 1) {
            throw new UsageException("--capture-keep: " + keep + " keeps nothing; give 1 or more");
        }
        long max = maxSize == null ? CaptureSettings.DEFAULT_MAX_BYTES : Quantities.bytes("--capture-max-size", maxSize);
        prepare(dir);
        return new CaptureSettings(dir.toAbsolutePath(), percents.isEmpty() ? CaptureSettings.DEFAULT_PERCENTS : percents,
                CaptureSettings.DEFAULT_AHEAD_MILLIS, keep == null ? CaptureSettings.DEFAULT_KEEP : keep, max, heapDump,
                HostLock.CAPTURES, CaptureSettings.DEFAULT_LOCK_WAIT_MILLIS, redaction);
    }

    private static void prepare(Path dir) {
        try {
            if (!Files.exists(dir)) {
                OwnerOnly.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new InputException("--capture " + dir + ": cannot make the folder: " + e.getMessage());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new InputException("--capture " + dir + ": not a folder offheap can write into");
        }
    }
}
