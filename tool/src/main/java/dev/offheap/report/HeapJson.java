package dev.offheap.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.Finding;
import dev.offheap.model.heap.BufferHolder;
import dev.offheap.model.heap.ClassLoaderType;
import dev.offheap.model.heap.DirectBufferSummary;
import dev.offheap.model.heap.DuplicateClass;
import dev.offheap.model.heap.HeapSummary;
import dev.offheap.model.heap.MappedFile;
import dev.offheap.model.heap.NativeOwnerCount;
import java.util.List;

/** The {@code heap} section of the offheap/1 document ({@code offheap heap --json}); sizes in bytes. */
public final class HeapJson {
    private HeapJson() {
    }

    public static ObjectNode document(HeapSummary s, List<Finding> findings, String toolVersion) {
        ObjectNode doc = Json.document(toolVersion);
        ObjectNode heap = doc.putObject("heap");
        heap.put("file", s.source());
        heap.put("format", "JAVA PROFILE " + s.version());
        heap.put("idSize", s.idSize());
        heap.put("fileBytes", s.fileBytes());
        heap.put("partial", s.partial());
        heap.put("reachability", s.reachabilityComputed());
        heap.set("directBuffers", directBuffers(s.directBuffers()));
        ObjectNode mapped = heap.putObject("mappedBuffers");
        mapped.put("count", s.mappedBuffers().count());
        mapped.put("capacity", s.mappedBuffers().capacityBytes());
        ArrayNode files = mapped.putArray("files");
        for (MappedFile f : s.mappedBuffers().files()) {
            files.addObject().put("file", f.file()).put("buffers", f.buffers()).put("capacity", f.capacityBytes());
        }
        ObjectNode reflection = heap.putObject("reflection");
        reflection.put("delegatingClassLoaders", s.reflection().delegatingClassLoaders());
        reflection.put("generatedMethodAccessors", s.reflection().generatedMethodAccessors());
        ArrayNode loaders = heap.putArray("classLoaders");
        for (ClassLoaderType t : s.classLoaders()) {
            loaders.addObject().put("type", t.type()).put("loaders", t.loaders()).put("classes", t.classes())
                    .put("generatedClasses", t.generatedClasses());
        }
        ArrayNode dups = heap.putArray("duplicateClasses");
        for (DuplicateClass d : s.duplicateClasses()) {
            dups.addObject().put("name", d.name()).put("loaders", d.loaders());
        }
        heap.put("memberNames", s.memberNames());
        ObjectNode zip = heap.putObject("zip");
        zip.put("inflaters", s.zip().inflaters());
        zip.put("inflatersNotEnded", s.zip().inflatersNotEnded());
        zip.put("deflaters", s.zip().deflaters());
        zip.put("deflatersNotEnded", s.zip().deflatersNotEnded());
        ArrayNode owners = heap.putArray("nativeOwners");
        for (NativeOwnerCount o : s.nativeOwners()) {
            owners.addObject().put("className", o.className()).put("instances", o.instances());
        }
        Json.findings(doc, findings);
        return doc;
    }

    private static ObjectNode directBuffers(DirectBufferSummary b) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("count", b.count());
        n.put("owning", b.owning());
        n.put("views", b.views());
        n.put("noCleaner", b.noCleaner());
        n.put("owningCapacity", b.owningCapacityBytes());
        n.put("noCleanerCapacity", b.noCleanerCapacityBytes());
        n.put("jdkImageCapacity", b.jdkImageCapacityBytes());
        n.put("reachableOwning", b.reachableOwning());
        n.put("unreachableOwning", b.unreachableOwning());
        n.put("unreachableCapacity", b.unreachableCapacityBytes());
        ArrayNode holders = n.putArray("holders");
        for (BufferHolder h : b.holders()) {
            holders.addObject().put("path", h.path()).put("thread", h.thread()).put("buffers", h.buffers())
                    .put("capacity", h.capacityBytes());
        }
        return n;
    }
}
