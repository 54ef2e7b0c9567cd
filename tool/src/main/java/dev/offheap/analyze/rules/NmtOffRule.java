package dev.offheap.analyze.rules;

import dev.offheap.analyze.Rule;
import dev.offheap.model.Finding;
import dev.offheap.model.FindingId;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.NmtStatus;
import dev.offheap.model.Severity;
import dev.offheap.model.Sizes;
import dev.offheap.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** NMT_OFF: Native Memory Tracking is off, so JVM-internal memory cannot be told from malloc'ed or JNI memory. */
public final class NmtOffRule implements Rule {
    @Override
    public Optional<Finding> evaluate(Facts f) {
        Snapshot s = f.snapshot();
        if (!"off".equals(s.nmtMode())) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(evidenceOfOff(s));
        if (f.explained().mapCutAtByte().isEmpty()) {
            evidence.add(Sizes.format(f.explained().resident(MemoryCategory.UNEXPLAINED)) + " of RSS is unexplained without it");
        }
        return Optional.of(new Finding(FindingId.NMT_OFF, Severity.INFO,
                FindingId.NMT_OFF.title(),
                "Without NMT the JVM's own memory (metaspace, thread stacks, GC structures, compiler, symbols) cannot be"
                        + " told apart from memory malloc'ed by JNI libraries and the JDK's native code. NMT cannot be"
                        + " switched on in a running JVM: it needs a restart with the flag below.",
                evidence,
                "Restart with -XX:NativeMemoryTracking=summary (costs a few percent of CPU and about 0.1-0.3% memory"
                        + " overhead per malloc'ed block), or =detail for address ranges and call sites (more overhead;"
                        + " for diagnosis). Without changing the command line: JAVA_TOOL_OPTIONS=\"-XX:NativeMemoryTracking=summary\".",
                null));
    }

    /** Which source says NMT is off (see {@link Snapshot#nmtMode()}). */
    private static String evidenceOfOff(Snapshot s) {
        if (s.flags() != null && s.flags().value("NativeMemoryTracking").isPresent()) {
            return "NativeMemoryTracking=off (VM.flags)";
        }
        if (s.nmt() != null && s.nmt().status() == NmtStatus.NOT_ENABLED) {
            return "VM.native_memory answered: " + NmtStatus.NOT_ENABLED.text();
        }
        return "-XX:NativeMemoryTracking=off on the command line";
    }
}
