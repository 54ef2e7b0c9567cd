package dev.offheap.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.EvidenceReport;

/**
 * The offheap/1 document of an {@link EvidenceReport}: like a report's, with {@code memory.rss} and every category's
 * {@code resident} null (unknown without a memory map), and {@code sources} naming the files read.
 */
public final class EvidenceJson {
    private EvidenceJson() {
    }

    public static ObjectNode render(EvidenceReport r, String toolVersion) {
        ObjectNode doc = Json.document(toolVersion);
        doc.set("target", ReportJson.target(r.snapshot()));
        ObjectNode memory = doc.putObject("memory");
        memory.putNull("rss");
        memory.put("basis", r.jvmCategories().isEmpty() ? "no memory figures in the files" : "NMT only (resident unknown)");
        memory.putNull("budget");
        memory.putNull("limit");
        ArrayNode categories = memory.putArray("categories");
        for (CategoryUsage u : r.jvmCategories()) {
            ObjectNode c = categories.addObject();
            c.put("name", u.category().text());
            c.putNull("resident");
            putNullable(c, "committed", u.committedBytes());
            putNullable(c, "reserved", u.reservedBytes());
            c.put("source", "NMT");
        }
        ArrayNode sources = doc.putArray("sources");
        r.sources().forEach(sources::add);
        Json.findings(doc, r.findings());
        ArrayNode notes = doc.putArray("notes");
        r.notes().forEach(notes::add);
        r.snapshot().notes().forEach(notes::add);
        return doc;
    }

    private static void putNullable(ObjectNode n, String field, Long value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
