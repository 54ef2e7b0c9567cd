package dev.offheap.report;

import dev.offheap.model.AllocationSite;
import dev.offheap.model.StackFrame;
import java.util.List;

/**
 * Allocation sites as collapsed stacks, the format of Brendan Gregg's FlameGraph scripts and async-profiler's
 * {@code collapsed} output: outermost frame first, frames joined by ';', then a space and the bytes.
 * Java frames get async-profiler's {@code _[j]} suffix so flame graphs color them green.
 */
public final class CollapsedStacks {
    private CollapsedStacks() {
    }

    public static String render(List<AllocationSite> sites) {
        StringBuilder sb = new StringBuilder();
        for (AllocationSite s : sites) {
            if (s.bytes() <= 0) {
                continue;
            }
            List<StackFrame> frames = s.frames();
            for (int i = frames.size() - 1; i >= 0; i--) {
                sb.append(name(frames.get(i)));
                if (i > 0) {
                    sb.append(';');
                }
            }
            if (frames.isEmpty()) {
                sb.append("[no stack]");
            }
            sb.append(' ').append(s.bytes()).append('\n');
        }
        return sb.toString();
    }

    private static String name(StackFrame f) {
        String n = f.name().replace(';', ':').replace(' ', '_');
        return switch (f.kind()) {
            case JAVA -> n + "_[j]";
            case KERNEL -> n + "_[k]";
            default -> n;
        };
    }
}
