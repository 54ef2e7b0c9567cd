package dev.offheap.cli;

import dev.offheap.analyze.Analyzer;
import dev.offheap.analyze.EvidenceAnalyzer;
import dev.offheap.analyze.offline.CrashFindings;
import dev.offheap.analyze.offline.GcLogFindings;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.Finding;
import dev.offheap.model.GcLogSummary;
import dev.offheap.model.HsErrReport;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmFlags;
import dev.offheap.model.NmtReport;
import dev.offheap.model.NmtReportKind;
import dev.offheap.model.NmtStatus;
import dev.offheap.model.Parsed;
import dev.offheap.model.Report;
import dev.offheap.model.Snapshot;
import dev.offheap.model.SnapshotSources;
import dev.offheap.parse.FileFormat;
import dev.offheap.parse.FormatSniffer;
import dev.offheap.parse.GcLogParser;
import dev.offheap.parse.HsErrParser;
import dev.offheap.parse.NmtParser;
import dev.offheap.parse.SnapshotAssembler;
import dev.offheap.parse.StatusParser;
import dev.offheap.parse.TextInput;
import dev.offheap.parse.VmCommandLineParser;
import dev.offheap.parse.VmFlagsParser;
import dev.offheap.parse.VmVersionParser;
import java.io.IOException;
import java.io.InputStream;
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
 * a snapshot is made of are combined into one {@link SnapshotSources} (the same path as a collect folder), and GC
 * and hs_err logs add their findings. With a memory map that has counters the result is the full report, else the
 * JVM's own figures and the findings the files support.
 */
final class LooseFiles {
    /** Larger text inputs (other than GC logs, which are streamed) are surely not what they look like. */
    private static final long MAX_TEXT_BYTES = 1L << 30;
    private static final String LOOSE_NOTE = "read from loose files: ";

    /** One input file and its format. */
    record Input(Path path, FileFormat format) {
        String name() {
            return TextInput.sourceName(path);
        }
    }

    /** Either a full report or an evidence report. */
    record Result(Report report, EvidenceReport evidence) {
    }

    private LooseFiles() {
    }

    /** The format of a file from its first bytes; missing, unreadable and empty files are input errors. */
    static FileFormat sniff(Path p) {
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

    static Result analyze(List<Input> inputs, Consumer<String> warn) {
        Map<FileFormat, Input> single = new EnumMap<>(FileFormat.class);
        List<Input> gcLogs = new ArrayList<>();
        List<Input> crashes = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Input in : inputs) {
            sources.add(in.name() + ": " + in.format().description());
            switch (in.format()) {
                case GC_LOG -> gcLogs.add(in);
                case HS_ERR -> crashes.add(in);
                default -> {
                    FileFormat slot = in.format() == FileFormat.MAPS || in.format() == FileFormat.PMAP ? FileFormat.SMAPS : in.format();
                    Input before = single.put(slot, in);
                    if (before != null) {
                        throw new UsageException("two " + slot.description() + " files (" + before.path() + ", " + in.path()
                                + "): give the files of one process at one moment, one of each kind");
                    }
                }
            }
        }
        SnapshotSources src = sources(single, warn);
        List<HsErrReport> reports = new ArrayList<>();
        for (Input c : crashes) {
            Parsed<HsErrReport> p = HsErrParser.parse(c.path());
            p.warnings().forEach(w -> warn.accept(w.toString()));
            reports.add(p.value());
        }
        List<GcLogSummary> logs = new ArrayList<>();
        for (Input g : gcLogs) {
            Parsed<GcLogSummary> p = GcLogParser.parse(g.path());
            p.warnings().forEach(w -> warn.accept(w.toString()));
            logs.add(p.value());
        }
        src = src.with(SnapshotSources.META, SnapshotAssembler.formatMeta(pid(src, reports), takenAt(inputs),
                List.of(LOOSE_NOTE + String.join("; ", sources))));
        boolean counters = single.containsKey(FileFormat.SMAPS) && single.get(FileFormat.SMAPS).format() != FileFormat.MAPS;
        if (counters) {
            Snapshot a = SnapshotAssembler.assemble(src);
            Snapshot s = a.withNotes(ownNotes(a.notes()));
            List<Finding> extra = fileFindings(gcLogs, logs, crashes, reports, s.flags());
            return new Result(EvidenceAnalyzer.merge(Analyzer.analyze(s), extra), null);
        }
        Snapshot partial = partial(src, reports);
        List<Finding> extra = fileFindings(gcLogs, logs, crashes, reports, partial.flags());
        return new Result(null, EvidenceAnalyzer.analyze(partial, sources, extra));
    }

    private static SnapshotSources sources(Map<FileFormat, Input> single, Consumer<String> warn) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<FileFormat, Input> e : single.entrySet()) {
            String name = switch (e.getKey()) {
                case SMAPS -> e.getValue().format() == FileFormat.PMAP ? SnapshotSources.PMAP : SnapshotSources.SMAPS;
                case NMT -> SnapshotSources.NMT;
                case STATUS -> SnapshotSources.STATUS;
                case VM_FLAGS -> SnapshotSources.VM_FLAGS;
                case VM_VERSION -> SnapshotSources.VM_VERSION;
                case VM_COMMAND_LINE -> SnapshotSources.VM_COMMAND_LINE;
                default -> throw new UsageException(e.getValue().path() + ": a " + e.getKey().description()
                        + " is analyzed alone, not with other files");
            };
            byte[] bytes = read(e.getValue());
            check(e.getValue(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).forEach(w -> warn.accept(w.toString()));
            files.put(name, bytes);
        }
        return new SnapshotSources(files);
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
        if (nmt == null) {
            nmt = NmtReport.ofStatus(NmtStatus.NOT_ENABLED, NmtReportKind.SUMMARY, OptionalLong.empty());
        }
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
        s.notes().stream().filter(n -> !n.startsWith(LOOSE_NOTE)).forEach(notes::add);
        return new Snapshot(s.pid(), s.takenAtMillis(), status, null, null, null, version, flags, commandLine, nmt, null,
                null, List.of(), null, null, null, java.util.Map.of(), List.of(), ownNotes(notes));
    }

    private static List<Finding> fileFindings(List<Input> gcInputs, List<GcLogSummary> logs, List<Input> crashInputs,
                                              List<HsErrReport> crashes, JvmFlags snapshotFlags) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < crashes.size(); i++) {
            CrashFindings.evaluate(crashes.get(i), crashInputs.get(i).name()).ifPresent(out::add);
        }
        JvmFlags flags = snapshotFlags != null ? snapshotFlags : crashes.stream().map(HsErrReport::flags)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        for (int i = 0; i < logs.size(); i++) {
            for (Finding f : GcLogFindings.evaluate(logs.get(i), gcInputs.get(i).name(), flags)) {
                if (out.stream().noneMatch(g -> g.id().equals(f.id()))) {
                    out.add(f);
                }
            }
        }
        return out;
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
    private static List<dev.offheap.model.ParseWarning> check(Input in, String text) {
        String name = in.name();
        return switch (in.format()) {
            case SMAPS, MAPS -> dev.offheap.parse.SmapsParser.parse(text, name).warnings();
            case PMAP -> dev.offheap.parse.PmapParser.parse(text, name).warnings();
            case NMT -> NmtParser.parse(text, name).warnings();
            case STATUS -> StatusParser.parse(text, name).warnings();
            case VM_FLAGS -> VmFlagsParser.parse(text, name).warnings();
            case VM_VERSION -> VmVersionParser.parse(text, name).warnings();
            case VM_COMMAND_LINE -> VmCommandLineParser.parse(text, name).warnings();
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
}
