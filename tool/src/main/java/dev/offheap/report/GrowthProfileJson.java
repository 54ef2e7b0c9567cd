package dev.offheap.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.Finding;
import dev.offheap.model.GrowthGroup;
import dev.offheap.model.GrowthProfile;
import dev.offheap.model.GrowthWindow;
import dev.offheap.model.StackFrame;
import java.util.List;
import java.util.Locale;

/**
 * The {@code profile} section of the offheap/1 document for the growth profile: mode {@code growth}, duration,
 * {@code rssGrowth}, {@code explained} and {@code grew[]} (DESIGN.md §4), with the window's figures and, when RSS did
 * not grow, the groups under {@code touched[]} instead (nothing is named as growth then).
 */
public final class GrowthProfileJson {
    private GrowthProfileJson() {
    }

    public static ObjectNode render(GrowthProfile p, List<Finding> findings, String toolVersion, ObjectNode target) {
        ObjectNode doc = Json.document(toolVersion);
        if (target != null) {
            doc.set("target", target);
        }
        ObjectNode profile = doc.putObject("profile");
        section(profile, p);
        Json.findings(doc, findings);
        return doc;
    }

    /** Fills {@code profile} with the growth profile's fields (also used inside other documents). */
    public static void section(ObjectNode profile, GrowthProfile p) {
        GrowthWindow w = p.window();
        profile.put("mode", "growth");
        profile.put("duration", w.durationMillis());
        profile.put("rssGrowth", p.rssGrowthBytes());
        profile.put("grows", p.grew());
        if (p.explained() == null) {
            profile.putNull("explained");
        } else {
            profile.put("explained", round(p.explained()));
        }
        if (p.churn() != null) {
            profile.put("faultsOverGrowth", round(p.churn()));
        }
        profile.put("noise", p.noiseBytes());
        profile.put("rssStart", w.rssStartBytes());
        profile.put("rssEnd", w.rssEndBytes());
        profile.put("hugePageGrowth", w.hugeGrowthBytes());
        profile.put("estimatedBytes", p.estimatedBytes());
        profile.put("sampledFaults", p.sampledFaults());
        profile.put("kernelFaults", w.kernelFaults());
        profile.put("samples", p.samples());
        profile.put("pageSize", w.pageSizeBytes());
        profile.put("threadsStart", w.threadsStart());
        profile.put("threadsEnd", w.threadsEnd());
        ArrayNode chunks = profile.putArray("intervals");
        for (GrowthWindow.Chunk c : w.chunks()) {
            ObjectNode n = chunks.addObject();
            n.put("interval", c.interval());
            n.put("duration", c.millis());
        }
        groups(profile.putArray("grew"), p.grew() ? p.groups() : List.of());
        if (!p.grew()) {
            groups(profile.putArray("touched"), p.groups());
        }
        ArrayNode notes = profile.putArray("notes");
        p.notes().forEach(notes::add);
    }

    private static void groups(ArrayNode array, List<GrowthGroup> groups) {
        for (GrowthGroup g : groups) {
            ObjectNode n = array.addObject();
            n.put("title", g.title());
            n.put("kind", g.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            n.put("category", g.category());
            n.put("bytes", g.bytes());
            n.put("share", round(g.share()));
            if (g.explained() == null) {
                n.putNull("explained");
            } else {
                n.put("explained", round(g.explained()));
            }
            n.put("error", round(g.error()));
            n.put("faults", g.faults());
            n.put("samples", g.samples());
            n.put("threads", g.threads());
            n.put("library", g.library() == null ? null : g.library().shown());
            if (g.library() != null) {
                n.put("libraryFile", g.library().file());
                n.put("libraryPath", g.library().path());
                if (g.library().how() != null) {
                    n.put("libraryOrigin", g.library().how());
                }
            }
            n.put("javaClass", g.javaClass());
            n.put("javaMethod", g.javaMethod());
            if (g.caller() == null) {
                n.putNull("caller");
            } else {
                n.put("caller", g.caller().name());
                n.put("callerShare", round(g.caller().share()));
            }
            n.put("thread", g.thread());
            ArrayNode methods = n.putArray("methods");
            for (GrowthGroup.Share m : g.methods()) {
                ObjectNode mn = methods.addObject();
                mn.put("name", m.name());
                mn.put("faults", m.faults());
                mn.put("share", round(m.share()));
            }
            ArrayNode notes = n.putArray("notes");
            g.notes().forEach(notes::add);
            ArrayNode frames = n.putArray("frames");
            for (StackFrame f : g.frames()) {
                ObjectNode fn = frames.addObject();
                fn.put("name", f.name());
                if (f.library() != null) {
                    fn.put("library", f.library());
                }
                fn.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
