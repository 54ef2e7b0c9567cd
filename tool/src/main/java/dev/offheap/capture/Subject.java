package dev.offheap.capture;

/** A JVM followed for captures: its pid, main class and container (empty when none), as log lines name it. */
public record Subject(long pid, String mainClass, String container) {
    /** "pid 4242 (dev.offheap.zoo.UnsafeLeak, container 3f2a…)" */
    public String words() {
        return "pid " + pid + " (" + (mainClass == null || mainClass.isEmpty() ? "?" : mainClass)
                + (container == null || container.isEmpty() ? "" : ", container " + container) + ")";
    }
}
