package dev.offheap.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offheap.model.JvmProcess;
import dev.offheap.model.Sizes;
import dev.offheap.proc.JvmProcesses;
import dev.offheap.redact.Redactor;
import dev.offheap.report.Json;
import dev.offheap.report.TextTable;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code offheap ps}: the local JVMs, read without attaching to any of them. */
@Command(header = "Lists the local JVMs (read from /proc and hsperfdata, without attaching).", name = "ps", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Lists the JVMs on this machine (also in containers): pid, user, main class, JDK version, RSS, the NMT",
            "level they run with, and whether offheap can attach. Nothing is attached or signalled: it reads",
            "/proc and the JVMs' hsperfdata files. Run as root to see every user's JVMs in full."},
        footer = {"", "Example:", "  offheap ps --json"})
final class PsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (output.html() != null) {
            throw new UsageException("--html: 'offheap ps' has no HTML report (use it with report, watch, profile, heap, analyze)");
        }
        List<JvmProcess> jvms = JvmProcesses.list(Redactor.standard()).stream().sorted(Comparator.comparingLong(JvmProcess::pid)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ObjectNode doc = Json.document(Version.current());
            ArrayNode array = doc.putArray("jvms");
            for (JvmProcess j : jvms) {
                ObjectNode n = array.addObject();
                n.put("pid", j.pid());
                n.put("user", j.user());
                n.put("mainClass", j.mainClass());
                n.put("jdk", j.jdkVersion());
                if (j.rssBytes() == null) {
                    n.putNull("rss");
                } else {
                    n.put("rss", j.rssBytes());
                }
                n.put("nmt", j.nmt());
                n.put("attach", j.attach());
            }
            Json.findings(doc, List.of());
            out.println(Json.toText(doc));
        } else if (jvms.isEmpty()) {
            out.println("no JVMs found (JVMs of other users are visible to root only)");
        } else {
            TextTable t = new TextTable("PID", "USER", "MAIN", "JDK", "RSS", "NMT", "ATTACH").leftAlign(1).leftAlign(2)
                    .leftAlign(3).leftAlign(5).leftAlign(6);
            for (JvmProcess j : jvms) {
                t.row(Long.toString(j.pid()), j.user(), j.mainClass(), j.jdkVersion(),
                        j.rssBytes() == null ? "-" : Sizes.format(j.rssBytes()), j.nmt(), j.attach());
            }
            out.print(t.render(""));
        }
        out.flush();
        return 0;
    }
}
