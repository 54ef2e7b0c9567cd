package dev.offheap.saved;

import dev.offheap.model.InputException;
import dev.offheap.model.JvmVersion;
import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.Recording;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final List<String> SYSTEM_LIBRARIES = List.of("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/");

    private JfrRecordingReader() {
    }

    /** Reads {@code file}; a file that is not a recording, or of which nothing can be read, is an input error. */
    public static Parsed<Recording> read(Path file) {
        String source = file.toString();
        JfrChunks.Layout layout = JfrChunks.scan(file);
        JfrEvents events = new JfrEvents();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<ParseWarning> warnings = new ArrayList<>();
        Map<String, Consumer<RecordedEvent>> handlers = lenient(events.handlers(), skipped);
        if (!layout.clean() && layout.chunks().isEmpty()) {
            throw new InputException(source + ": " + layout.cut() + ": nothing can be read (the JDK's reader needs a"
                    + " chunk's end, where its metadata is)");
        }
        String stoppedBy = layout.clean() ? stream(file, handlers) : readEvents(file, handlers);
        if (stoppedBy != null && events.events == 0) {
            throw new InputException(source + ": the JDK's JFR reader cannot read it: " + stoppedBy);
        }
        warnings.addAll(cutWarnings(source, layout, events, stoppedBy));
        skipped.forEach((type, why) -> warnings.add(new ParseWarning(source, 0, type + " events skipped: " + why)));
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
        return new Parsed<>(new Recording(events.pid, version(events), flags, events.properties, nmt, events.containerLimitBytes,
                null, libraries(events), built.samples(), null, notes), warnings);
    }

    /**
     * A clean file: the JDK's event stream, which parses only the event types subscribed to (fast). Returns why the
     * JDK's reader stopped early, null when it read to the end.
     */
    private static String stream(Path file, Map<String, Consumer<RecordedEvent>> handlers) {
        try (EventStream es = EventStream.openFile(file)) {
            es.setOrdered(false);
            es.setReuse(true);
            handlers.forEach(es::onEvent);
            es.start();
            return null;
        } catch (IOException | RuntimeException | InternalError e) {
            return String.valueOf(e.getMessage());
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
                    + ", " + until + "; what follows is lost (the JDK's reader needs a chunk's end, where its metadata is)"));
        } else if (stoppedBy != null && !said) {
            warnings.add(new ParseWarning(source, 0, "the JDK's reader stopped (" + stoppedBy + "): read up to " + until));
        }
        return warnings;
    }

    /** Each handler, with an event the JDK reader cannot give a field of skipped and counted by type. */
    private static Map<String, Consumer<RecordedEvent>> lenient(Map<String, Consumer<RecordedEvent>> handlers,
                                                               Map<String, String> skipped) {
        Map<String, Consumer<RecordedEvent>> out = new LinkedHashMap<>();
        handlers.forEach((type, h) -> out.put(type, e -> {
            try {
                h.accept(e);
            } catch (IllegalArgumentException | NullPointerException | ClassCastException ex) {
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
        String jdk = e.libraries.stream().filter(p -> p.endsWith("/libjvm.so")).findFirst()
                .map(p -> Path.of(p).getParent().getParent().getParent() + "/").orElse(null);
        List<String> names = new ArrayList<>();
        for (String p : e.libraries) {
            if (!p.startsWith("/")) {
                continue; // the kernel's vdso, not a file
            }
            boolean system = SYSTEM_LIBRARIES.stream().anyMatch(p::startsWith) || jdk != null && p.startsWith(jdk);
            String name = Path.of(p).getFileName().toString();
            if (!system && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
