package dev.offheap.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.files.OwnerOnly;
import dev.offheap.model.AllocationProfile;
import dev.offheap.model.Finding;
import dev.offheap.model.GrowthProfile;
import dev.offheap.report.GrowthProfileJson;
import dev.offheap.report.GrowthProfileText;
import dev.offheap.report.html.GrowthProfileHtml;
import dev.offheap.model.InputException;
import dev.offheap.report.CollapsedStacks;
import dev.offheap.report.Json;
import dev.offheap.report.ProfileJson;
import dev.offheap.report.ProfileText;
import dev.offheap.report.html.ProfileHtml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Prints a growth or malloc profile (text or offheap/1 JSON) and writes the collapsed stacks and the --html page asked for. */
final class ProfileOutput {
    private ProfileOutput() {
    }

    static void print(PrintWriter out, OutputOptions output, String title, AllocationProfile profile, List<Finding> findings,
                      int top, Path collapsed, Long pid) {
        String stacks = CollapsedStacks.render(profile.leaked());
        if (collapsed != null) {
            write(collapsed, stacks.getBytes(StandardCharsets.UTF_8));
        }
        if (output.json()) {
            ObjectNode target = null;
            if (pid != null) {
                target = Json.mapper().createObjectNode();
                target.put("pid", pid);
            }
            out.println(Json.toText(ProfileJson.render(profile, findings, Version.current(), target)));
        } else {
            out.print(ProfileText.render(title, profile, findings, top));
        }
        out.flush();
        output.writeHtml(() -> ProfileHtml.render(title, profile, findings, Version.current()));
    }

    static void printGrowth(PrintWriter out, OutputOptions output, String title, GrowthProfile profile, List<Finding> findings,
                            int top, Path collapsed, Long pid) {
        if (collapsed != null) {
            write(collapsed, CollapsedStacks.render(profile.stacks()).getBytes(StandardCharsets.UTF_8));
        }
        if (output.json()) {
            ObjectNode target = null;
            if (pid != null) {
                target = Json.mapper().createObjectNode();
                target.put("pid", pid);
            }
            out.println(Json.toText(GrowthProfileJson.render(profile, findings, Version.current(), target)));
        } else {
            out.print(GrowthProfileText.render(title, profile, findings, top));
        }
        out.flush();
        output.writeHtml(() -> GrowthProfileHtml.render(title, profile, findings, Version.current()));
    }

    private static void write(Path file, byte[] bytes) {
        try {
            OwnerOnly.write(file, bytes);
        } catch (IOException e) {
            throw new InputException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
