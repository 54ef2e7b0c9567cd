package dev.offheap.saved;

import dev.offheap.files.PrivateFiles;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import dev.offheap.redact.Redactor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JDK Flight Recorder recording (-XX:StartFlightRecording, {@code jcmd PID JFR.dump}, a dump at exit, the
 * repository of a JVM that died) with the JDK's own reader ({@code jdk.jfr.consumer}) into the {@link Recording} a
 * watch makes, so the growth rules, limits, charts and JSON apply unchanged. Only the memory and configuration
 * events offheap uses are parsed ({@link JfrEvents}); a recording cut short is read up to the cut, with a warning
 * that says where ({@link JfrChunks}).
 */
public final class JfrRecordingReader {
    // "OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1) for linux-amd64 JRE (17.0.15+6-Debian-1deb12u1), built on …"
    private static final Pattern VERSION = Pattern.compile("[^(]*\\(([^)]+)\\).*?JRE \\(([^)]+)\\).*", Pattern.DOTALL);
    private static final String STALLED = "no event for a while";
    private static final long STALL_MILLIS = 3000;
    private static final List<String> SYSTEM_LIBRARIES = List.of("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/");

    private JfrRecordingReader() {
    }

    /** As {@link #read(Path, Redactor)}, with the standard redaction. */
    public static Parsed<Recording> read(Path file) {
        return read(file, Redactor.standard());
    }

    /**
     * Reads {@code file}; a file that is not a recording, or of which nothing can be read, is an input error. The JVM's
     * arguments (jdk.JVMInformation) are redacted by {@code redactor} as they are read, as a live JVM's are.
     */
    public static Parsed<Recording> read(Path file, Redactor redactor) {
        String source = file.toString();
        JfrChunks.Layout layout = JfrChunks.scan(file);
        if (!layout.clean() && layout.chunks().isEmpty()) {
            throw new InputException(source + ": " + layout.cut() + ": nothing can be read");
        }
        Reading r = new Reading();
        String stoppedBy;
        if (layout.clean()) {
            stoppedBy = stream(file, r);
            if (STALLED.equals(stoppedBy)) {
                // the stream parser of JDK 17 can spin on a corrupt event; the event-by-event reader stops there
                r = new Reading();
                stoppedBy = readEvents(file, r.handlers);
            }
        } else {
            stoppedBy = layout.stuck() ? readWholeChunks(file, layout, r.handlers) : readEvents(file, r.handlers);
        }
        JfrEvents events = r.events;
        List<ParseWarning> warnings = new ArrayList<>();
        if (stoppedBy != null && events.events == 0) {
            throw new InputException(source + ": the JDK's JFR reader cannot read it: " + stoppedBy);
        }
        warnings.addAll(cutWarnings(source, layout, events, stoppedBy));
        r.skipped.forEach((type, why) -> warnings.add(new ParseWarning(source, 0, type + " events skipped: " + why)));
        JfrSamples.Built built = JfrSamples.build(events);
        if (built.samples().isEmpty()) {
            throw new InputException(source + ": a JFR recording without the JVM's memory events (jdk.ResidentSetSize,"
                    + " jdk.JavaThreadStatistics, jdk.GCHeapSummary…): recorded with settings that turn them off, or by"
                    + " another tool; record with JFR's own settings, e.g. -XX:StartFlightRecording:settings=default");
        }
        List<String> notes = new ArrayList<>(JfrNotes.of(events, layout));
        notes.addAll(built.notes());
        Map<String, String> flags = new LinkedHashMap<>(events.flags);
        String nmt = flags.get("NativeMemoryTracking");
        return new Parsed<>(new Recording(events.pid, version(events), flags, redactor.arguments(events.jvmArguments), nmt,
                events.containerLimitBytes,
                null, libraries(events), built.samples(), null, notes, events.jvmStartMillis), warnings);
    }

    /** The events read so far, with the handlers that fill them and the event types skipped (and why). */
    private static final class Reading {
        final JfrEvents events = new JfrEvents();
        final Map<String, String> skipped = new LinkedHashMap<>();
        final AtomicLong progress = new AtomicLong();
        final Map<String, Consumer<RecordedEvent>> handlers = lenient(events.handlers(), skipped, progress);
    }

    /**
     * A clean file: the JDK's event stream, which parses only the event types subscribed to (fast), in a thread of
     * its own. Returns why the JDK's reader stopped early, null when it read to the end, {@link #STALLED} when no
     * event came for {@link #STALL_MILLIS} (a recording has several a second: JDK 17's stream parser spins on some
     * corrupt events instead of failing).
     */
    private static String stream(Path file, Reading r) {
        EventStream es;
        try {
            es = EventStream.openFile(file);
        } catch (IOException | RuntimeException | InternalError e) {
            return String.valueOf(e.getMessage());
        }
        es.setOrdered(false);
        es.setReuse(true);
        r.handlers.forEach(es::onEvent);
        String[] failure = new String[1];
        Thread worker = new Thread(() -> {
            try {
                es.start();
            } catch (RuntimeException | InternalError e) {
                failure[0] = String.valueOf(e.getMessage());
            }
        }, "offheap-jfr-stream");
        worker.setDaemon(true);
        worker.start();
        try {
            long seen = -1;
            long since = System.nanoTime();
            while (worker.isAlive()) {
                worker.join(100);
                long n = r.progress.get();
                if (n != seen) {
                    seen = n;
                    since = System.nanoTime();
                } else if (worker.isAlive() && System.nanoTime() - since > STALL_MILLIS * 1_000_000) {
                    return STALLED;
                }
            }
            return failure[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(file + ": interrupted while reading");
        } finally {
            es.close();
        }
    }

    /**
     * A file that ends early or holds a chunk its JVM never finished: the event stream would stop silently at the cut
     * or wait forever for the unfinished chunk to grow, so the file is read event by event, up to where the JDK's
     * reader stops. Returns why it stopped, null when it read to the end.
     */
    private static String readEvents(Path file, Map<String, Consumer<RecordedEvent>> handlers) {
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                Consumer<RecordedEvent> h = handlers.get(e.getEventType().getName());
                if (h != null) {
                    h.accept(e);
                }
            }
            return null;
        } catch (IOException | RuntimeException | InternalError e) {
            return String.valueOf(e.getMessage());
        }
    }

    /**
     * A file with a chunk the JDK's reader would wait for: the whole chunks before it, copied into a private folder
     * (removed at once), are read instead.
     */
    private static String readWholeChunks(Path file, JfrChunks.Layout layout, Map<String, Consumer<RecordedEvent>> handlers) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("offheap-jfr-chunks-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path copy = dir.resolve("whole-chunks.jfr");
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long done = 0;
                while (done < layout.wholeBytes()) {
                    done += in.transferTo(done, layout.wholeBytes() - done, out);
                }
            }
            return readEvents(copy, handlers);
        } catch (IOException e) {
            throw new InputException(file + ": cannot copy its whole chunks to read them: " + e.getMessage());
        } finally {
            PrivateFiles.deleteTree(dir);
        }
    }

    /** Where the file ends early and how far it was read, with the byte offsets of the chunk headers. */
    private static List<ParseWarning> cutWarnings(String source, JfrChunks.Layout layout, JfrEvents events, String stoppedBy) {
        List<ParseWarning> warnings = new ArrayList<>();
        String until = events.lastMillis == Long.MIN_VALUE ? "no event" : "the last event read at "
                + Instant.ofEpochMilli(events.lastMillis);
        boolean said = false;
        for (JfrChunks.Chunk c : layout.chunks()) {
            if (!c.finished()) {
                said = true;
                warnings.add(new ParseWarning(source, 0, "chunk " + c.number() + " (from byte " + c.offset() + ") was never"
                        + " finished: its JVM was killed or crashed while recording; read up to its last flush, " + until));
            }
        }
        if (layout.cut() != null) {
            warnings.add(new ParseWarning(source, 0, layout.cut() + ": read up to the end of chunk " + layout.chunks().size()
                    + ", " + until + "; what follows is lost"));
        } else if (stoppedBy != null && !said) {
            warnings.add(new ParseWarning(source, 0, "the JDK's reader stopped (" + stoppedBy + "): read up to " + until));
        }
        return warnings;
    }

    /** Each handler, with an event the JDK reader cannot give a field of skipped and counted by type. */
    private static Map<String, Consumer<RecordedEvent>> lenient(Map<String, Consumer<RecordedEvent>> handlers,
                                                               Map<String, String> skipped, AtomicLong progress) {
        Map<String, Consumer<RecordedEvent>> out = new LinkedHashMap<>();
        handlers.forEach((type, h) -> out.put(type, e -> {
            progress.incrementAndGet();
            try {
                h.accept(e);
            } catch (RuntimeException ex) {
                skipped.putIfAbsent(type, String.valueOf(ex.getMessage()));
            }
        }));
        return out;
    }

    private static JvmVersion version(JfrEvents e) {
        if (e.jvmVersion == null) {
            return null;
        }
        Matcher m = VERSION.matcher(e.jvmVersion);
        try {
            JvmVersion vm = JvmVersion.parse(m.matches() ? m.group(1) : e.jvmVersion);
            JvmVersion jdk = m.matches() ? JvmVersion.parse(m.group(2)) : vm;
            return new JvmVersion(vm.text(), jdk.major(), jdk.minor(), jdk.update(), vm.build(), e.jvmName, e.vendor);
        } catch (IllegalArgumentException notAVersion) {
            return null;
        }
    }

    /** File names of the libraries mapped from outside the JDK and the system folders (JNI libraries). */
    private static List<String> libraries(JfrEvents e) {
        // "<jdk>/lib/server/libjvm.so": the JDK's folder is three levels up (strings, not paths: a name may hold anything)
        String jdk = e.libraries.stream().filter(p -> p.endsWith("/lib/server/libjvm.so") || p.endsWith("/lib/client/libjvm.so"))
                .findFirst().map(p -> p.substring(0, p.length() - "lib/server/libjvm.so".length())).orElse(null);
        List<String> names = new ArrayList<>();
        for (String p : e.libraries) {
            if (!p.startsWith("/")) {
                continue; // the kernel's vdso, not a file
            }
            boolean system = SYSTEM_LIBRARIES.stream().anyMatch(p::startsWith) || jdk != null && p.startsWith(jdk);
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (!system && !name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
