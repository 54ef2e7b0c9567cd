package dev.offheap.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.CategoryGrowth;
import dev.offheap.model.Recording;
import dev.offheap.model.Sample;
import dev.offheap.model.WatchReport;
import java.util.Map;

/** The offheap/1 JSON document of a watch: target, series[] (t, categories), growth[], findings, notes. */
public final class WatchJson {
    private WatchJson() {
    }

    public static ObjectNode render(WatchReport w, String toolVersion) {
        ObjectNode doc = Json.document(toolVersion);
        Recording r = w.recording();
        ObjectNode target = doc.putObject("target");
        target.put("pid", r.pid());
        ObjectNode jdk = target.putObject("jdk");
        if (r.version() != null) {
            jdk.put("version", r.version().text());
            jdk.put("vendor", r.version().vendor());
            jdk.put("major", r.version().major());
        }
        target.put("nmt", r.nmtMode());
        ObjectNode flags = target.putObject("flags");
        TargetFacts.FLAGS.forEach(name -> {
            String v = r.flags().get(name);
            if (v != null) {
                flags.put(name, v);
            }
        });
        ArrayNode series = doc.putArray("series");
        for (Sample s : r.samples()) {
            ObjectNode point = series.addObject();
            point.put("t", s.takenAtMillis());
            point.put("rss", s.rssBytes());
            ObjectNode categories = point.putObject("categories");
            s.residentBytes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> categories.put(e.getKey(), e.getValue()));
            if (s.directBytes() != null) {
                point.put("directPool", s.directBytes());
            }
            if (s.liveThreads() != null) {
                point.put("threads", s.liveThreads());
            }
            if (s.loadedClasses() != null) {
                point.put("classes", s.loadedClasses() - (s.unloadedClasses() == null ? 0 : s.unloadedClasses()));
            }
        }
        ArrayNode growth = doc.putArray("growth");
        for (CategoryGrowth g : w.growth()) {
            ObjectNode n = growth.addObject();
            n.put("name", g.name());
            n.put("current", g.currentBytes());
            n.put("bytesPerSecond", Math.round(g.bytesPerSecond()));
            n.put("steadiness", Math.round(g.steadiness() * 100) / 100.0);
            if (g.secondsToLimit() != null) {
                n.put("secondsToLimit", Math.round(g.secondsToLimit()));
                n.put("limit", g.limitName());
            }
        }
        Json.findings(doc, w.findings());
        ArrayNode notes = doc.putArray("notes");
        w.notes().forEach(notes::add);
        return doc;
    }
}
