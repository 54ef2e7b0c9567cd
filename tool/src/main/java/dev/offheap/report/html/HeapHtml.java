package dev.offheap.report.html;

import dev.offheap.model.Finding;
import dev.offheap.model.Sizes;
import dev.offheap.model.heap.BufferHolder;
import dev.offheap.model.heap.ClassLoaderType;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.model.heap.NativeOwnerCount;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTML report of a heap dump ({@code offheap heap FILE --html OUT}): the answer, findings, then each view as a
 * table: direct buffers and their holders, mapped buffers, class loaders, duplicate classes, native owners.
 */
public final class HeapHtml {
    private static final int TOP_ROWS = 50;

    private HeapHtml() {
    }

    public static String render(HeapSummary s, List<Finding> findings, String toolVersion) {
        Html h = new Html();
        Page.section(h, "Answer").el("p", "answer", sentence(s));
        if (s.partial()) {
            h.el("p", "projection", "PARTIAL: the file is truncated or corrupted; the numbers cover only what could be read.");
        }
        FindingCards.verdict(h, findings);
        h.close("section");
        FindingCards.section(h, findings);
        directBuffers(h, s.directBuffers(), s.reachabilityComputed());
        Page.section(h, "Mapped byte buffers");
        h.el("p", null, s.mappedBuffers().count() + " buffers, " + Sizes.format(s.mappedBuffers().capacityBytes()) + " mapped.");
        table(h, List.of("file", "buffers", "mapped"), s.mappedBuffers().files().stream().map(f -> List.of(
                f.file() == null ? "(file not recorded in the dump)" : f.file(), Long.toString(f.buffers()),
                Sizes.format(f.capacityBytes()))).toList());
        h.close("section");
        Page.section(h, "Class loaders by type");
        table(h, List.of("type", "loaders", "classes", "generated"), s.classLoaders().stream().map(l -> List.of(l.type(),
                Long.toString(l.loaders()), Long.toString(l.classes()), Long.toString(l.generatedClasses()))).toList());
        h.el("p", "note", "Reflection: " + s.reflection().delegatingClassLoaders() + " DelegatingClassLoaders, "
                + s.reflection().generatedMethodAccessors() + " GeneratedMethodAccessor classes.");
        h.close("section");
        Page.section(h, "Duplicate classes (" + s.duplicateClasses().size() + ")");
        table(h, List.of("class", "loaders"), s.duplicateClasses().stream()
                .map(d -> List.of(d.name(), Long.toString(d.loaders()))).toList());
        h.close("section");
        nativeOwners(h, s);
        h.el("p", "note", "offheap " + toolVersion);
        return Page.render("offheap heap", s.source() + " (JAVA PROFILE " + s.version() + ", " + s.idSize()
                + "-byte ids, " + Sizes.format(s.fileBytes()) + ")", h);
    }

    private static String sentence(HeapSummary s) {
        DirectBufferSummary b = s.directBuffers();
        StringBuilder sb = new StringBuilder().append(b.owning()).append(" direct buffers own ")
                .append(Sizes.format(b.owningCapacityBytes())).append(" of native memory");
        if (b.unreachableOwning() != null) {
            sb.append(" (").append(b.unreachableOwning()).append(" unreachable, ")
                    .append(Sizes.format(b.unreachableCapacityBytes())).append(" waiting for a GC)");
        }
        long loaders = s.classLoaders().stream().mapToLong(ClassLoaderType::loaders).sum();
        sb.append("; ").append(loaders).append(" class loaders; ").append(s.duplicateClasses().size())
                .append(" duplicate classes; ").append(s.zip().inflatersNotEnded() + s.zip().deflatersNotEnded())
                .append(" zip streams not ended.");
        return sb.toString();
    }

    private static void directBuffers(Html h, DirectBufferSummary b, boolean reachability) {
        Page.section(h, "Direct buffers");
        h.open("div", "facts");
        fact(h, Long.toString(b.count()), "direct buffers");
        fact(h, b.owning() + " / " + Sizes.format(b.owningCapacityBytes()), "owning (with a cleaner)");
        fact(h, Long.toString(b.views()), "views (slices, duplicates)");
        fact(h, b.noCleaner() + " / " + Sizes.format(b.noCleanerCapacityBytes()), "without cleaner");
        if (b.jdkImageCapacityBytes() != null && b.jdkImageCapacityBytes() > 0) {
            fact(h, Sizes.format(b.jdkImageCapacityBytes()), "of those: the JDK's lib/modules mapping");
        }
        if (reachability && b.reachableOwning() != null) {
            fact(h, Long.toString(b.reachableOwning()), "reachable owning");
            fact(h, b.unreachableOwning() + " / " + Sizes.format(b.unreachableCapacityBytes()), "unreachable, waiting for a GC");
        }
        h.close("div");
        if (!reachability) {
            h.el("p", "note", "Reachability not computed (run without --no-reachability to see what waits for a GC).");
        } else {
            h.el("h3", null, "Holders of reachable buffers (shortest path from a GC root)");
            table(h, List.of("held", "buffers", "thread", "path"), b.holders().stream().map((BufferHolder x) -> List.of(
                    Sizes.format(x.capacityBytes()), Long.toString(x.buffers()), x.thread() == null ? "" : x.thread(),
                    x.path())).toList());
        }
        h.close("section");
    }

    private static void nativeOwners(Html h, HeapSummary s) {
        Page.section(h, "Native owners");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("java.lang.invoke.MemberName", Long.toString(s.memberNames()), ""));
        rows.add(List.of("java.util.zip.Inflater", Long.toString(s.zip().inflaters()), s.zip().inflatersNotEnded() + " not ended"));
        rows.add(List.of("java.util.zip.Deflater", Long.toString(s.zip().deflaters()), s.zip().deflatersNotEnded() + " not ended"));
        for (NativeOwnerCount o : s.nativeOwners()) {
            rows.add(List.of(o.className(), Long.toString(o.instances()), ""));
        }
        table(h, List.of("class", "instances", ""), rows);
        h.close("section");
    }

    private static void fact(Html h, String value, String label) {
        h.open("div", "fact").el("b", null, value).el("span", null, label).close("div");
    }

    /** A table of escaped cells, the first {@link #TOP_ROWS} rows and a count of the rest. */
    private static void table(Html h, List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            h.el("p", "empty", "None.");
            return;
        }
        h.open("table", null).raw("<thead>").row("th", header.toArray(String[]::new)).raw("</thead><tbody>");
        rows.stream().limit(TOP_ROWS).forEach(r -> h.row("td", r.toArray(String[]::new)));
        h.raw("</tbody></table>");
        if (rows.size() > TOP_ROWS) {
            h.el("p", "note", "… " + (rows.size() - TOP_ROWS) + " more (see --json)");
        }
    }
}
