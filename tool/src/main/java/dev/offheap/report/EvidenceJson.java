package dev.offheap.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.EvidenceReport;
import dev.offheap.model.NmtAmount;
import dev.offheap.model.NmtView;
import dev.offheap.model.SavedInput;
import java.util.List;

/**
 * The offheap/1 document of an {@link EvidenceReport}: like a report's, with {@code memory.rss} and every category's
 * {@code resident} null (unknown without a memory map), {@code memory.nmt} holding NMT's own view (each category as
 * printed, the row it rolls into, NMT's Total), and {@code sources}/{@code inputs} naming the files read.
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
            c.put("source", u.source());
        }
        if (r.nmt() != null) {
            memory.set("nmt", nmt(r.nmt()));
        }
        inputs(doc, r.sources());
        Json.findings(doc, r.findings());
        ArrayNode notes = doc.putArray("notes");
        r.notes().forEach(notes::add);
        r.snapshot().notes().forEach(notes::add);
        return doc;
    }

    /** "sources": one line per file; "inputs": the same as objects, with where a file was cut and what it cannot tell. */
    static void inputs(ObjectNode doc, List<SavedInput> inputs) {
        ArrayNode sources = doc.putArray("sources");
        inputs.forEach(i -> sources.add(i.describe()));
        ArrayNode detail = doc.putArray("inputs");
        for (SavedInput i : inputs) {
            ObjectNode n = detail.addObject().put("name", i.name()).put("format", i.format());
            if (i.cutAtByte().isPresent()) {
                n.put("cutAtByte", i.cutAtByte().getAsLong());
            } else {
                n.putNull("cutAtByte");
            }
            n.put("cannotTell", i.cannotTell());
        }
    }

    private static ObjectNode nmt(NmtView v) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("kind", v.report().kind().text());
        n.put("scale", v.report().scale());
        ObjectNode total = n.putObject("total");
        amounts(total, v.totalReserved(), v.totalCommitted());
        ArrayNode lines = n.putArray("categories");
        for (NmtView.Line l : v.lines()) {
            ObjectNode o = lines.addObject().put("name", l.category()).put("part", l.part()).put("row", l.row().text());
            amounts(o, l.reserved(), l.committed());
            o.put("note", l.note());
        }
        n.putObject("unlisted").put("reserved", v.unlistedReserved()).put("committed", v.unlistedCommitted());
        n.put("rounding", v.roundingBytes());
        return n;
    }

    private static void amounts(ObjectNode o, NmtAmount reserved, NmtAmount committed) {
        o.put("reserved", reserved.bytes());
        o.put("committed", committed.bytes());
        if (reserved.deltaBytes().isPresent() || committed.deltaBytes().isPresent()) {
            o.put("reservedChange", reserved.delta());
            o.put("committedChange", committed.delta());
        }
    }

    private static void putNullable(ObjectNode n, String field, Long value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
