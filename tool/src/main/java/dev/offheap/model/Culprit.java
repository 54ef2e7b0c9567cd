package dev.offheap.model;

/** What a finding blames, where known; any field may be null. */
public record Culprit(String library, String javaMethod, String className, String thread) {
    public static Culprit ofClass(String className) {
        return new Culprit(null, null, className, null);
    }
}
