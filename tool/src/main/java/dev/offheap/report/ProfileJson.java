package dev.offheap.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.AllocationSite;
import dev.offheap.model.Finding;
import dev.offheap.model.StackFrame;
import java.util.List;

/** The {@code profile} section of the offheap/1 document for a malloc profile: mode, duration, leaked[] by stack, groups, churn. */
public final class ProfileJson {
    private ProfileJson() {
    }

    public static ObjectNode render(AllocationProfile p, List<Finding> findings, String toolVersion, ObjectNode target) {
        ObjectNode doc = Json.document(toolVersion);
        if (target != null) {
            doc.set("target", target);
        }
        ObjectNode profile = doc.putObject("profile");
        // DESIGN.md §4: "malloc" for async-profiler's recordings, the variant beside it (frees recorded, not, too briefly)
        profile.put("mode", p.mode().startsWith("nativemem") ? "malloc" : p.mode());
        profile.put("variant", p.mode());
        if (p.durationMillis() == null) {
            profile.putNull("duration");
        } else {
            profile.put("duration", p.durationMillis());
        }
        if (p.intervalBytes() != null) {
            profile.put("intervalBytes", p.intervalBytes());
        }
        if (p.judgedMillis() != null) {
            profile.put("judged", p.judgedMillis());
        }
        profile.put("leakedBytes", p.leakedBytes());
        if (p.sampled()) {
            // two standard deviations, relative, of leakedBytes as scaled from samples
            profile.put("leakedBytesError", Math.round(p.relativeError(p.leaked()) * 1000) / 1000.0);
        }
        profile.put("leakedCount", p.leakedCount());
        sites(profile.putArray("leaked"), p.leaked());
        groups(profile.putArray("byLibrary"), p.byLibrary());
        groups(profile.putArray("byJavaMethod"), p.byJavaMethod());
        if (p.churnBytes() != null) {
            ObjectNode churn = profile.putObject("churn");
            churn.put("bytes", p.churnBytes());
            churn.put("count", p.churnCount());
            sites(churn.putArray("stacks"), p.churn().subList(0, Math.min(20, p.churn().size())));
        }
        if (p.recentBytes() != null) {
            profile.put("notJudgedBytes", p.recentBytes());
        }
        ArrayNode notes = profile.putArray("notes");
        p.notes().forEach(notes::add);
        Json.findings(doc, findings);
        return doc;
    }

    private static void sites(ArrayNode array, List<AllocationSite> sites) {
        for (AllocationSite s : sites) {
            ObjectNode n = array.addObject();
            n.put("bytes", s.bytes());
            n.put("count", s.count());
            if (s.scaledSamples() > 0) {
                n.put("samples", s.scaledSamples());
            }
            n.put("library", s.library());
            n.put("javaMethod", s.javaMethod());
            ArrayNode frames = n.putArray("frames");
            for (StackFrame f : s.frames()) {
                ObjectNode fn = frames.addObject();
                fn.put("name", f.name());
                if (f.library() != null) {
                    fn.put("library", f.library());
                }
                fn.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    private static void groups(ArrayNode array, List<AllocationProfile.Group> groups) {
        for (AllocationProfile.Group g : groups) {
            ObjectNode n = array.addObject();
            n.put("key", g.key());
            n.put("bytes", g.bytes());
            n.put("count", g.count());
        }
    }
}
