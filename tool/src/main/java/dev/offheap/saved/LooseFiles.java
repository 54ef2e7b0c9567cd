package dev.offheap.saved;

import dev.offheap.assemble.SnapshotAssembler;
import dev.offheap.model.GcLogSummary;
import dev.offheap.model.HsErrReport;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.LooseEvidence;
import dev.offheap.model.MemoryMap;
import dev.offheap.model.NmtReport;
import dev.offheap.model.Parsed;
import dev.offheap.model.SavedInput;
import dev.offheap.model.Snapshot;
import dev.offheap.model.SnapshotSources;
import dev.offheap.parse.TextInput;
import dev.offheap.parse.jcmd.VmCommandLineParser;
import dev.offheap.parse.jcmd.VmFlagsParser;
import dev.offheap.parse.jcmd.VmVersionParser;
import dev.offheap.parse.logs.GcLogParser;
import dev.offheap.parse.logs.HsErrParser;
import dev.offheap.parse.nmt.NmtParser;
import dev.offheap.parse.proc.PmapParser;
import dev.offheap.parse.proc.SmapsParser;
import dev.offheap.parse.proc.StatusParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Loose saved files of one JVM process given to {@code offheap analyze} (smaps or pmap, NMT, status, VM.flags,
 * VM.version, VM.command_line, GC logs, hs_err logs): each file's format is sniffed from its content, the files that
 * a snapshot is made of are combined into one {@link SnapshotSources} (the same path as a collect folder) and
 * assembled, and the GC and hs_err logs are read beside it. With a memory map that has counters the snapshot is
 * whole; else it holds what the files say of the JVM.
 */
public final class LooseFiles {
    /** Larger text inputs (other than GC logs, which are streamed) are surely not what they look like. */
    private static final long MAX_TEXT_BYTES = 1L << 30;

    /** One input file and its format. */
    public record Input(Path path, FileFormat format) {
        public String name() {
            return TextInput.sourceName(path);
        }
    }

    private LooseFiles() {
    }

    /** Each file with its format; a file of no known format is an input error that quotes its first line. */
    public static List<Input> inputs(List<Path> paths) {
        List<Input> inputs = new ArrayList<>();
        for (Path p : paths) {
            FileFormat format = sniff(p);
            if (format == FileFormat.UNKNOWN) {
                throw new InputException(p + ":1: not a format offheap analyze knows (" + KNOWN + "), found: "
                        + firstLineQuoted(p));
            }
            inputs.add(new Input(p, format));
        }
        return inputs;
    }

    /** The format of a file from its first bytes; missing, unreadable and empty files are input errors. */
    public static FileFormat sniff(Path p) {
        if (!Files.exists(p)) {
            throw new InputException(p + ": no such file");
        }
        if (!Files.isRegularFile(p)) {
            throw new InputException(p + ": not a file (a folder is read alone: one written by 'offheap collect')");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(p)) {
            head = in.readNBytes(FormatSniffer.HEAD_BYTES);
        } catch (IOException e) {
            throw new InputException(p + ": cannot read: " + e.getMessage());
        }
        if (head.length == 0 || new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            throw new InputException(p + ": empty file");
        }
        return FormatSniffer.sniff(head);
    }

    /**
     * Reads the files of one process: the snapshot they make (whole with a memory map that has counters, else what
     * they say of the JVM) and the GC and hs_err logs. Parser warnings go to {@code warn} under the user's names.
     */
    public static LooseEvidence read(List<Input> inputs, Consumer<String> warn) {
        Map<FileFormat, Input> single = new EnumMap<>(FileFormat.class);
        List<Input> gcLogs = new ArrayList<>();
        List<Input> crashes = new ArrayList<>();
        for (Input in : inputs) {
            switch (in.format()) {
                case GC_LOG -> gcLogs.add(in);
                case HS_ERR -> crashes.add(in);
                default -> {
                    FileFormat slot = in.format() == FileFormat.MAPS || in.format() == FileFormat.PMAP ? FileFormat.SMAPS : in.format();
                    Input before = single.put(slot, in);
                    if (before != null) {
                        throw new InputException("two " + slot.description() + " files (" + before.path() + ", " + in.path()
                                + "): give the files of one process at one moment, one of each kind");
                    }
                }
            }
        }
        Map<Input, OptionalLong> cuts = new LinkedHashMap<>();
        Map<Input, String> readAs = new LinkedHashMap<>();
        SnapshotSources src = sources(single, warn, cuts, readAs);
        List<LooseEvidence.Crash> reports = new ArrayList<>();
        for (Input c : crashes) {
            Parsed<HsErrReport> p = HsErrParser.parse(c.path());
            p.warnings().forEach(w -> warn.accept(w.toString()));
            reports.add(new LooseEvidence.Crash(c.name(), p.value()));
        }
        List<LooseEvidence.GcLog> logs = new ArrayList<>();
        for (Input g : gcLogs) {
            Parsed<GcLogSummary> p = GcLogParser.parse(g.path());
            p.warnings().forEach(w -> warn.accept(w.toString()));
            logs.add(new LooseEvidence.GcLog(g.name(), p.value()));
        }
        List<HsErrReport> crashReports = reports.stream().map(LooseEvidence.Crash::report).toList();
        src = src.with(SnapshotSources.META, SnapshotAssembler.formatMeta(pid(src, crashReports), takenAt(inputs), List.of()));
        boolean counters = single.containsKey(FileFormat.SMAPS) && single.get(FileFormat.SMAPS).format() != FileFormat.MAPS;
        Snapshot snapshot;
        if (counters) {
            Snapshot a = SnapshotAssembler.assemble(src);
            snapshot = a.withNotes(ownNotes(a.notes()));
        } else {
            snapshot = partial(src, crashReports);
        }
        List<SavedInput> sources = new ArrayList<>();
        for (Input in : inputs) {
            sources.add(new SavedInput(in.name(), readAs.getOrDefault(in, in.format().description()), cuts.getOrDefault(in, OptionalLong.empty()),
                    in.format().cannotTell()));
        }
        return new LooseEvidence(snapshot, counters, sources, logs, reports);
    }

    private static SnapshotSources sources(Map<FileFormat, Input> single, Consumer<String> warn, Map<Input, OptionalLong> cuts,
                                           Map<Input, String> readAs) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<FileFormat, Input> e : single.entrySet()) {
            String name = switch (e.getKey()) {
                case SMAPS -> e.getValue().format() == FileFormat.PMAP ? SnapshotSources.PMAP : SnapshotSources.SMAPS;
                case NMT -> SnapshotSources.NMT;
                case STATUS -> SnapshotSources.STATUS;
                case VM_FLAGS -> SnapshotSources.VM_FLAGS;
                case VM_VERSION -> SnapshotSources.VM_VERSION;
                case VM_COMMAND_LINE -> SnapshotSources.VM_COMMAND_LINE;
                default -> throw new InputException(e.getValue().path() + ": a " + e.getKey().description()
                        + " is analyzed alone, not with other files");
            };
            byte[] bytes = read(e.getValue());
            String text = new String(bytes, StandardCharsets.UTF_8);
            Parsed<?> own = check(e.getValue(), text);
            own.warnings().forEach(w -> warn.accept(w.toString()));
            cuts.put(e.getValue(), cutAt(own.value(), bytes.length, text, e.getValue().name()));
            readAs.put(e.getValue(), readAs(e.getValue(), own.value()));
            files.put(name, bytes);
        }
        return new SnapshotSources(files);
    }

    /** What a file was read as: its format, and for NMT which command printed it ("VM.native_memory summary"). */
    private static String readAs(Input in, Object parsed) {
        if (parsed instanceof NmtReport r && !r.unavailable()) {
            return "NMT report (VM.native_memory " + r.kind().text() + (r.scale().equals("KB") ? "" : " scale=" + scaleText(r)) + ")";
        }
        return in.format().description();
    }

    private static String scaleText(NmtReport r) {
        return r.scale().isEmpty() ? "1" : r.scale();
    }

    /** Where a file that ends inside its own content was cut: its size. */
    private static OptionalLong cutAt(Object parsed, long size, String text, String name) {
        boolean cut = parsed instanceof MemoryMap m && m.partial()
                || parsed instanceof NmtReport r && r.truncated() && !onlyLineEndMissing(text, name);
        return cut ? OptionalLong.of(size) : OptionalLong.empty();
    }

    /** An NMT output whole but for its last line end (a copy that lost it): with one, it reads whole and clean. */
    private static boolean onlyLineEndMissing(String text, String name) {
        if (text.endsWith("\n")) {
            return false;
        }
        long lastLine = text.lines().count();
        Parsed<NmtReport> again = NmtParser.parse(text + "\n", name);
        return !again.value().truncated() && again.warnings().stream().noneMatch(w -> w.line() >= lastLine);
    }

    /** A snapshot without a memory map: what the files say of the JVM; an hs_err log fills what is missing. */
    private static Snapshot partial(SnapshotSources src, List<HsErrReport> crashes) {
        List<String> notes = new ArrayList<>();
        HsErrReport crash = crashes.isEmpty() ? null : crashes.get(0);
        var version = src.text(SnapshotSources.VM_VERSION).map(t -> keep(VmVersionParser.parse(t, SnapshotSources.VM_VERSION), notes))
                .orElse(crash == null ? null : crash.version());
        JvmFlags flags = src.text(SnapshotSources.VM_FLAGS).map(t -> keep(VmFlagsParser.parse(t, SnapshotSources.VM_FLAGS), notes))
                .orElse(crash == null ? null : crash.flags());
        var commandLine = src.text(SnapshotSources.VM_COMMAND_LINE)
                .map(t -> keep(VmCommandLineParser.parse(t, SnapshotSources.VM_COMMAND_LINE), notes))
                .orElse(crash == null ? null : crash.commandLine());
        NmtReport nmt = src.text(SnapshotSources.NMT).map(t -> keep(NmtParser.parse(t, SnapshotSources.NMT), notes))
                .orElse(crash == null ? null : crash.nmt());
        var status = src.text(SnapshotSources.STATUS).map(t -> keep(StatusParser.parse(t, SnapshotSources.STATUS), notes)).orElse(null);
        if (crash != null) {
            notes.add("crash: " + String.join(" / ", crash.errorLines().subList(0, Math.min(3, crash.errorLines().size()))));
            if (crash.residentBytes() != null) {
                notes.add("resident set size at the crash: " + dev.offheap.model.Sizes.format(crash.residentBytes()));
            }
        }
        if (src.has(SnapshotSources.SMAPS)) {
            notes.add("the memory map has no counters (/proc/PID/maps): give smaps or 'pmap -x' output for resident memory");
        }
        Snapshot s = SnapshotAssembler.metaOnly(src);
        notes.addAll(s.notes());
        return new Snapshot(s.pid(), s.takenAtMillis(), status, null, null, null, version, flags, commandLine, nmt, null,
                null, null, List.of(), null, null, null, java.util.Map.of(), List.of(), ownNotes(notes));
    }

    private static long pid(SnapshotSources src, List<HsErrReport> crashes) {
        if (src.has(SnapshotSources.STATUS)) {
            var status = StatusParser.parse(src.text(SnapshotSources.STATUS).get(), SnapshotSources.STATUS).value();
            if (status.pid() > 0) {
                return status.pid();
            }
        }
        if (src.has(SnapshotSources.NMT)) {
            OptionalLong p = NmtParser.parse(src.text(SnapshotSources.NMT).get(), SnapshotSources.NMT).value().pid();
            if (p.isPresent()) {
                return p.getAsLong();
            }
        }
        var pmap = src.text(SnapshotSources.PMAP).flatMap(PmapParser::header);
        if (pmap.isPresent()) {
            return pmap.get().pid();
        }
        // 0: no file names the process (smaps alone); the report then shows no pid
        return crashes.isEmpty() ? 0 : crashes.get(0).pid();
    }

    /** The newest file's modification time: when the files were taken, as well as it is known. */
    private static long takenAt(List<Input> inputs) {
        long newest = 0;
        for (Input in : inputs) {
            try {
                newest = Math.max(newest, Files.getLastModifiedTime(in.path()).toMillis());
            } catch (IOException e) {
                // unknown: keep the others
            }
        }
        return newest;
    }

    private static byte[] read(Input in) {
        try {
            if (Files.size(in.path()) > MAX_TEXT_BYTES) {
                throw new InputException(in.path() + ": " + Files.size(in.path()) + " bytes is too large for a "
                        + in.format().description() + "; is it the right file?");
            }
        } catch (IOException e) {
            throw new InputException(in.path() + ": cannot read: " + e.getMessage());
        }
        return TextInput.readBytes(in.path());
    }

    /** Parses a file under its own name first, so that an error names the user's file, not the snapshot's. */
    private static Parsed<?> check(Input in, String text) {
        String name = in.name();
        return switch (in.format()) {
            case SMAPS, MAPS -> SmapsParser.parse(text, name);
            case PMAP -> PmapParser.parse(text, name);
            case NMT -> NmtParser.parse(text, name);
            case STATUS -> StatusParser.parse(text, name);
            case VM_FLAGS -> VmFlagsParser.parse(text, name);
            case VM_VERSION -> VmVersionParser.parse(text, name);
            case VM_COMMAND_LINE -> VmCommandLineParser.parse(text, name);
            default -> throw new IllegalStateException(in.format().toString());
        };
    }

    /** Parser notes under the snapshot's file names repeat the warnings already shown under the user's names. */
    private static List<String> ownNotes(List<String> notes) {
        return notes.stream().filter(n -> SNAPSHOT_NAMES.stream().noneMatch(f -> n.startsWith(f + ":"))).toList();
    }

    private static final List<String> SNAPSHOT_NAMES = List.of(SnapshotSources.SMAPS, SnapshotSources.PMAP,
            SnapshotSources.NMT, SnapshotSources.STATUS, SnapshotSources.VM_FLAGS, SnapshotSources.VM_VERSION,
            SnapshotSources.VM_COMMAND_LINE);

    private static <T> T keep(Parsed<T> p, List<String> notes) {
        p.warnings().forEach(w -> notes.add(w.toString()));
        return p.value();
    }

    private static final String KNOWN = "expected a folder from 'offheap collect', NMT, smaps, maps, pmap -x/-X, /proc/PID/status,"
            + " VM.flags, VM.version, VM.command_line, a GC log, an hs_err log, HPROF, jemalloc heap_v2, a watch recording or a JFR"
            + " recording";

    private static String firstLineQuoted(Path p) {
        String line = firstLine(p);
        String s = line.length() > 60 ? line.substring(0, 57) + "..." : line;
        return "\"" + s.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    /** The first non-blank line of a file, read without loading all of it ("" for an empty or unreadable file). */
    private static String firstLine(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            while (line != null && line.isBlank()) {
                line = r.readLine();
            }
            return line == null ? "" : line.strip();
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }
}
