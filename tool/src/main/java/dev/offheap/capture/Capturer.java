package dev.offheap.capture;

import dev.offheap.analyze.Analyzer;
import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.files.PrivateFiles;
import dev.offheap.live.CollectExtras;
import dev.offheap.live.LiveSnapshot;
import dev.offheap.model.CollectedFile;
import dev.offheap.model.InputException;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.Snapshot;
import dev.offheap.model.TargetException;
import dev.offheap.redact.Redactor;
import dev.offheap.report.RecordingJson;
import dev.offheap.saved.CaptureFolder;
import dev.offheap.saved.CaptureShelf;
import dev.offheap.saved.SnapshotFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes one capture: the snapshot's sources and the collect extras that need no safepoint, with the window recording,
 * written as a collect folder under a hidden name; then the heap dump when asked, capture.txt last; then the folder is
 * renamed into place. A failure before the snapshot is saved keeps nothing; after it, the snapshot stays with a
 * manifest line saying what is missing. (The growth profile is added afterwards: {@link CaptureProfiles}.)
 */
final class Capturer {
    private final CaptureSettings settings;
    private final String takenBy;
    private final String toolVersion;

    Capturer(CaptureSettings settings, String takenBy, String toolVersion) {
        this.settings = settings;
        this.takenBy = takenBy;
        this.toolVersion = toolVersion;
    }

    /**
     * Takes the capture {@code r}; {@code say} gets progress lines (a heap dump being written).
     *
     * @throws TargetException when the target cannot be read (it exited, attach failed)
     * @throws InputException  when the folder cannot be written (a full disk): nothing was kept
     */
    Saved take(CaptureRequest r, Consumer<String> say) {
        long started = System.currentTimeMillis();
        long pid = r.subject().pid();
        String name = uniqueName(CaptureFolder.name(started, pid, r.reason().label()));
        Path partial = CaptureShelf.partial(settings.dir(), name);
        Redactor redactor = settings.freshRedactor();
        try {
            LiveSnapshot.Collected collected = LiveSnapshot.collect(pid, new LiveSnapshot.Options(r.pools(), true, true, redactor));
            Snapshot snapshot = SnapshotAssembler.assemble(collected.sources());
            CollectExtras extras = new CollectExtras(pid, redactor, say);
            extras.readAll(snapshot.nmtMode() == null ? "off" : snapshot.nmtMode(), false);
            List<CollectedFile> files = new ArrayList<>(extras.extras());
            files.add(window(r, Analyzer.analyze(snapshot).findings(), started));
            SnapshotFolder.write(partial, collected.sources(), collected.takenAtMillis(), pid, files, redactor);
            List<String> missing = new ArrayList<>();
            if (settings.heapDump()) {
                addHeapDump(partial, extras, pid, missing);
            }
            long finished = System.currentTimeMillis();
            CaptureFolder.Info info = new CaptureFolder.Info(pid, r.subject().mainClass(), r.reason().label(),
                    r.measure().why(r.reason()), r.measure().usedBytes(), r.measure().limitBytes(), r.measure().limitKind(),
                    r.measure().secondsToLimit(), started, finished, takenBy, List.of());
            CaptureFolder.write(partial, info);
            SnapshotFolder.add(partial, new CollectedFile(CaptureFolder.INFO, null, "why this capture was taken and by whom;"
                    + " what became of the JVM after it is added as 'outcome:' lines", "written by " + takenBy, finished));
            Path dir = settings.dir().resolve(name);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            return new Saved(r.subject(), r.reason(), dir, started, finished, sizeOf(dir), r.measure(), missing);
        } catch (IOException e) {
            PrivateFiles.deleteTree(partial);
            throw new InputException("cannot write " + partial + ": " + e.getMessage() + "; nothing was kept");
        } catch (RuntimeException e) {
            PrivateFiles.deleteTree(partial);
            throw e;
        }
    }

    /** window.jsonl: the follower's samples before the capture, as 'watch --record' writes them, the snapshot's findings last. */
    private CollectedFile window(CaptureRequest r, List<dev.offheap.model.Finding> snapshotFindings, long at) {
        Recording w = r.window();
        StringBuilder sb = new StringBuilder(RecordingJson.header(w, toolVersion)).append('\n');
        for (Sample s : w.samples()) {
            sb.append(RecordingJson.sample(s)).append('\n');
        }
        sb.append(RecordingJson.finalFindings(snapshotFindings)).append('\n');
        long span = w.samples().size() < 2 ? 0
                : w.samples().get(w.samples().size() - 1).takenAtMillis() - w.samples().get(0).takenAtMillis();
        return new CollectedFile(CaptureFolder.WINDOW, sb.toString().getBytes(StandardCharsets.UTF_8), "the samples before the"
                + " capture (" + w.samples().size() + " over " + span / 1000 + " s) as 'watch --record' writes them, and the"
                + " findings of this snapshot: 'offheap analyze' of this folder puts the growth they show first",
                "sampled by " + takenBy, at);
    }

    /** {@code GC.heap_dump -all} (asked for), with the pause it cost the JVM as its safepoint counters show it. */
    private void addHeapDump(Path dir, CollectExtras extras, long pid, List<String> missing) throws IOException {
        SafepointClock clock = SafepointClock.of(pid);
        try {
            extras.heapDump((file, entry) -> SnapshotFolder.moveIn(dir, file, "heap dump",
                    new CollectedFile(entry.name(), null, entry.what() + "; " + clock.pausedSince(), entry.how(), entry.takenAtMillis())));
        } catch (TargetException e) {
            missing.add("heap dump");
            // a dump cut short (the disk filled while it was moved in) goes, so that the snapshot and capture.txt fit
            Files.deleteIfExists(dir.resolve("heap.hprof"));
            SnapshotFolder.add(dir, new CollectedFile("heap.hprof", null, "not taken: " + e.getMessage(), "", 0));
        }
    }

    private String uniqueName(String name) {
        String n = name;
        for (int i = 2; Files.exists(settings.dir().resolve(n)); i++) {
            n = name + "-" + i;
        }
        return n;
    }

    private static long sizeOf(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
