package dev.offheap.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.Budget;
import dev.offheap.model.CategoryUsage;
import dev.offheap.model.Report;
import dev.offheap.model.SavedInput;
import dev.offheap.model.Snapshot;
import java.util.List;
import java.util.Map;

/** The offheap/1 JSON document of one snapshot's report: target, memory (rss, budget, limit, categories), findings. */
public final class ReportJson {
    private ReportJson() {
    }

    public static ObjectNode render(Report r, String toolVersion) {
        return render(r, List.of(), toolVersion);
    }

    /** The report of saved files, with {@code sources} and {@code inputs} as an analysis without a memory map has. */
    public static ObjectNode render(Report r, List<SavedInput> inputs, String toolVersion) {
        ObjectNode doc = Json.document(toolVersion);
        doc.set("target", target(r.snapshot()));
        doc.set("memory", memory(r));
        if (!inputs.isEmpty()) {
            EvidenceJson.inputs(doc, inputs);
        }
        ClassFacts.json(r.snapshot(), doc);
        Json.findings(doc, r.findings());
        ArrayNode notes = doc.putArray("notes");
        r.explained().notes().forEach(notes::add);
        r.snapshot().notes().forEach(notes::add);
        return doc;
    }

    static ObjectNode target(Snapshot s) {
        ObjectNode t = Json.mapper().createObjectNode();
        if (s.knownPid().isPresent()) {
            t.put("pid", s.knownPid().getAsLong());
        } else {
            t.putNull("pid");
        }
        t.put("takenAt", s.takenAtMillis());
        String main = TargetFacts.mainClass(s);
        if (main != null) {
            t.put("mainClass", main);
        }
        ObjectNode jdk = t.putObject("jdk");
        if (s.version() != null) {
            jdk.put("version", s.version().text());
            jdk.put("vendor", s.version().vendor());
            jdk.put("major", s.version().major());
        }
        t.put("nmt", s.nmtMode());
        t.put("gc", TargetFacts.gc(s));
        ObjectNode flags = t.putObject("flags");
        for (Map.Entry<String, String> e : TargetFacts.flags(s).entrySet()) {
            flags.put(e.getKey(), e.getValue());
        }
        return t;
    }

    private static ObjectNode memory(Report r) {
        ObjectNode m = Json.mapper().createObjectNode();
        // a map cut short without VmRSS: the process's RSS is unknown, what the mappings read hold is partial
        if (r.explained().partial()) {
            m.putNull("rss");
            m.put("partialRss", r.explained().rssBytes());
        } else {
            m.put("rss", r.explained().rssBytes());
        }
        m.put("mappedRss", r.explained().mappedRssBytes());
        m.put("total", r.explained().totalLabel());
        m.put("basis", r.explained().basis());
        Budget b = r.budget();
        if (b == null) {
            m.putNull("budget");
        } else {
            ObjectNode budget = m.putObject("budget");
            budget.put("total", b.totalBytes());
            ArrayNode parts = budget.putArray("parts");
            for (Budget.Part p : b.parts()) {
                parts.addObject().put("name", p.name()).put("bytes", p.bytes()).put("basis", p.basis());
            }
        }
        var cg = r.snapshot().cgroup();
        if (cg != null && cg.limitBytes().isPresent()) {
            m.put("limit", cg.limitBytes().getAsLong());
        } else {
            m.putNull("limit");
        }
        ArrayNode categories = m.putArray("categories");
        for (CategoryUsage u : r.explained().categories()) {
            ObjectNode c = categories.addObject();
            c.put("name", u.category().text());
            c.put("resident", u.residentBytes());
            putNullable(c, "committed", u.committedBytes());
            putNullable(c, "reserved", u.reservedBytes());
            c.put("source", u.source());
            c.put("approximate", u.approximate());
            if (!u.parts().isEmpty()) {
                ArrayNode parts = c.putArray("parts");
                for (CategoryUsage.UsagePart p : u.parts()) {
                    parts.addObject().put("name", p.name()).put("resident", p.residentBytes());
                }
            }
        }
        return m;
    }

    private static void putNullable(ObjectNode n, String field, Long value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
