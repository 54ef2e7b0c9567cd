package dev.offheap.parse.hprof;

import dev.offheap.model.ParseWarning;
import dev.offheap.model.Parsed;
import dev.offheap.model.heap.ClassLoaderFact;
import dev.offheap.model.heap.DirectBufferFact;
import dev.offheap.model.heap.HeapDumpFacts;
import dev.offheap.model.heap.LoadedClass;
import dev.offheap.model.heap.NativeOwnerCount;
import dev.offheap.model.heap.ZipCounts;
import dev.offheap.parse.hprof.HprofClasses.ClassInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the facts of a heap dump in one pass over the file (plus re-visits of the instances that came before their
 * class); with reachability, a pass in its own thread notes all object ids meanwhile, then {@link Reachability}
 * notes the references over parts of the file on all processors, and walks them.
 */
public final class HeapDumpScanner {
    // zstd-jni contexts and streams, RocksDB handles, brotli4j and lz4-java native objects: each holds native memory
    private static final Pattern NATIVE_OWNERS = Pattern.compile("com\\.github\\.luben\\.zstd\\.Zstd(Compress|Decompress)"
            + "(Ctx|Ctx\\$.*)|com\\.github\\.luben\\.zstd\\.Zstd(Output|Input|Direct)\\w*Stream\\w*"
            + "|com\\.github\\.luben\\.zstd\\.ZstdDict\\w*|org\\.rocksdb\\.\\w+|com\\.aayushatharva\\.brotli4j\\..*coder\\w*");

    private HeapDumpScanner() {
    }

    /** What to compute; {@code tempDir} holds a gz input's spill and reachability's work files (null: java.io.tmpdir). */
    public record Options(boolean reachability, Path tempDir) {
    }

    public static Parsed<HeapDumpFacts> scan(Path dump, Options options) {
        try (HprofFile file = HprofFile.open(dump, options.tempDir())) {
            return scan(file, options);
        }
    }

    public static Parsed<HeapDumpFacts> scan(HprofFile file, Options options) {
        List<ParseWarning> warnings = new ArrayList<>(file.warnings());
        HprofClasses classes = new HprofClasses();
        classes.idSize(file.header().idSize());
        HprofReader reader = new HprofReader(file);
        try (Reachability reach = options.reachability() ? new Reachability(file) : null;
             HeapFactsCollector c = new HeapFactsCollector(classes)) {
            HprofReader.Walk walk = reader.walk(c);
            warnings.addAll(walk.warnings());
            boolean partial = walk.partial();
            c.finalRound();
            for (int i = 0; i < c.deferred.size(); i++) {
                reader.visitSubRecordAt(c.deferred.get(i), c);
            }
            if (c.unknownClassInstances > 0) {
                warnings.add(new ParseWarning(file.source(), 0, c.unknownClassInstances
                        + " instances of classes that are not in the dump were skipped"));
            }
            Names names = new Names(file, c);
            c.close(); // its strings are read: the memory goes to reachability's index
            Map<Long, String> threadNames = new HashMap<>();
            c.threadNames.forEach((thread, name) -> threadNames.put(thread, names.text(name)));
            Map<Long, Reachability.Holder> holders = Map.of();
            if (reach != null) {
                reach.compute(c.buffers.stream().filter(b -> !b.view() && b.fdId() == 0)
                        .mapToLong(HeapFactsCollector.RawBuffer::id).toArray(), threadNames);
                holders = reach.holders();
            }
            return new Parsed<>(facts(file, c, names, reach, holders, partial), warnings);
        } finally {
            NativeMemory.trim();
        }
    }

    private static HeapDumpFacts facts(HprofFile file, HeapFactsCollector c, Names names, Reachability reach,
                                       Map<Long, Reachability.Holder> holders, boolean partial) {
        HprofClasses classes = c.classes;
        List<DirectBufferFact> buffers = new ArrayList<>();
        for (HeapFactsCollector.RawBuffer b : c.buffers) {
            boolean mapped = b.fdId() != 0;
            String fileName = mapped ? names.text(c.fdPaths.getOrDefault(b.fdId(), 0L)) : null;
            Boolean reachable = null;
            Reachability.Holder h = null;
            if (reach != null && !b.view() && !mapped) {
                h = holders.get(b.id());
                reachable = h != null;
            }
            buffers.add(new DirectBufferFact(b.id(), classes.get(b.classIndex()).name(), b.capacity(), b.owning(),
                    b.view() && !b.owning(), mapped, fileName, reachable, h == null ? null : h.path(), h == null ? null : h.thread()));
        }
        List<LoadedClass> loaded = new ArrayList<>();
        List<NativeOwnerCount> owners = new ArrayList<>();
        long memberNames = 0;
        for (int i = 0; i < classes.count(); i++) {
            ClassInfo k = classes.get(i);
            String name = k.name() != null ? k.name() : classes.className(k.dump.id());
            loaded.add(new LoadedClass(name, k.dump.loaderId()));
            long n = i < c.instanceCounts.length ? c.instanceCounts[i] : 0;
            if (n > 0 && name.equals("java.lang.invoke.MemberName")) {
                memberNames = n;
            } else if (n > 0 && NATIVE_OWNERS.matcher(name).matches()) {
                owners.add(new NativeOwnerCount(name, n));
            }
        }
        List<ClassLoaderFact> loaders = new ArrayList<>();
        c.loaders.forEach((id, index) -> loaders.add(new ClassLoaderFact(id, classes.get(index).name())));
        loaders.sort(java.util.Comparator.comparingLong(ClassLoaderFact::id));
        HprofHeader h = file.header();
        return new HeapDumpFacts(file.source(), h.version(), h.idSize(), file.size(), partial, reach != null, buffers,
                loaded, loaders, memberNames, zip(c), owners);
    }

    private static ZipCounts zip(HeapFactsCollector c) {
        long inflaters = 0, inflatersOpen = 0, deflaters = 0, deflatersOpen = 0;
        for (long[] z : c.zipStreams) {
            Long address = c.zsRefAddresses.get(z[1]);
            boolean open = address == null || address != 0;
            if (z[0] == HeapFactsCollector.DEFLATER) {
                deflaters++;
                deflatersOpen += open ? 1 : 0;
            } else {
                inflaters++;
                inflatersOpen += open ? 1 : 0;
            }
        }
        return new ZipCounts(inflaters, inflatersOpen, deflaters, deflatersOpen);
    }
}
