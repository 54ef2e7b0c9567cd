package dev.offheap.report;

import dev.offheap.model.Sizes;
import dev.offheap.model.Finding;
import dev.offheap.model.heap.BufferHolder;
import dev.offheap.model.heap.ClassLoaderType;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.model.heap.DuplicateClass;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.model.heap.MappedFile;
import dev.offheap.model.heap.NativeOwnerCount;
import java.util.List;

/** The text report of {@code offheap heap}: one block per view, then the findings. */
public final class HeapText {
    static final int TOP_LOADER_TYPES = 15;
    static final int TOP_DUPLICATES = 10;

    private HeapText() {
    }

    public static String render(HeapSummary s, List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        sb.append("Heap dump ").append(s.source()).append(" (JAVA PROFILE ").append(s.version()).append(", ")
                .append(s.idSize()).append("-byte ids, ").append(Sizes.format(s.fileBytes())).append(")\n");
        if (s.partial()) {
            sb.append("PARTIAL: the file is truncated or corrupted; the numbers below cover only what could be read.\n");
        }
        directBuffers(sb, s.directBuffers(), s.reachabilityComputed());
        sb.append("\nMapped byte buffers: ").append(s.mappedBuffers().count()).append(", ")
                .append(Sizes.format(s.mappedBuffers().capacityBytes())).append(" mapped\n");
        for (MappedFile f : s.mappedBuffers().files()) {
            sb.append("  ").append(f.file() == null ? "(file not recorded in the dump)" : OneLine.of(f.file())).append(": ")
                    .append(f.buffers()).append(f.buffers() == 1 ? " buffer, " : " buffers, ").append(Sizes.format(f.capacityBytes())).append('\n');
        }
        sb.append("\nClass loaders (by type)\n");
        TextTable t = new TextTable("type", "loaders", "classes", "generated");
        s.classLoaders().stream().limit(TOP_LOADER_TYPES).forEach(l -> t.row(l.type(), String.valueOf(l.loaders()),
                String.valueOf(l.classes()), String.valueOf(l.generatedClasses())));
        sb.append(t.render("  "));
        if (s.classLoaders().size() > TOP_LOADER_TYPES) {
            sb.append("  … ").append(s.classLoaders().size() - TOP_LOADER_TYPES).append(" more types (see --json)\n");
        }
        sb.append("  reflection: ").append(s.reflection().delegatingClassLoaders()).append(" DelegatingClassLoaders, ")
                .append(s.reflection().generatedMethodAccessors()).append(" GeneratedMethodAccessor classes\n");
        sb.append("\nDuplicate classes (same name, several loaders): ").append(s.duplicateClasses().size()).append('\n');
        for (DuplicateClass d : s.duplicateClasses().subList(0, Math.min(TOP_DUPLICATES, s.duplicateClasses().size()))) {
            sb.append("  ").append(OneLine.of(d.name())).append(": ").append(d.loaders()).append(" loaders\n");
        }
        sb.append("\nNative owners\n");
        sb.append("  java.lang.invoke.MemberName: ").append(s.memberNames()).append('\n');
        sb.append("  Inflaters: ").append(s.zip().inflaters()).append(" (").append(s.zip().inflatersNotEnded())
                .append(" not ended); Deflaters: ").append(s.zip().deflaters()).append(" (")
                .append(s.zip().deflatersNotEnded()).append(" not ended)\n");
        for (NativeOwnerCount o : s.nativeOwners()) {
            sb.append("  ").append(OneLine.of(o.className())).append(": ").append(o.instances()).append('\n');
        }
        sb.append('\n').append(FindingsText.render(findings));
        return sb.toString();
    }

    private static void directBuffers(StringBuilder sb, DirectBufferSummary b, boolean reachability) {
        sb.append("\nDirect buffers: ").append(b.count()).append(" (").append(b.owning()).append(" owning ")
                .append(Sizes.format(b.owningCapacityBytes())).append(", ").append(b.views()).append(" views, ")
                .append(b.noCleaner()).append(" without cleaner ").append(Sizes.format(b.noCleanerCapacityBytes()))
                .append(")\n");
        if (b.jdkImageCapacityBytes() != null && b.jdkImageCapacityBytes() > 0) {
            sb.append("  of those without cleaner, ").append(Sizes.format(b.jdkImageCapacityBytes()))
                    .append(" is the JDK's own mapping of lib/modules (file-backed; not in the holders below)\n");
        }
        if (!reachability) {
            sb.append("  reachability not computed (run without --no-reachability to see what waits for a GC)\n");
            return;
        }
        sb.append("  reachable owning: ").append(b.reachableOwning()).append("; unreachable, waiting for a GC: ")
                .append(b.unreachableOwning()).append(" holding ").append(Sizes.format(b.unreachableCapacityBytes()))
                .append('\n');
        if (!b.holders().isEmpty()) {
            sb.append("  top holders of reachable buffers:\n");
            for (BufferHolder h : b.holders()) {
                sb.append("    ").append(Sizes.format(h.capacityBytes())).append(" in ").append(h.buffers())
                        .append(h.buffers() == 1 ? " buffer: " : " buffers: ").append(OneLine.of(h.path())).append('\n');
            }
        }
    }
}
