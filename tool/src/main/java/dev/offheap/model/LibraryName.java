package dev.offheap.model;

/**
 * A native library as a profile shows it: {@code shown} is its name for people (the original name of an extracted
 * copy where it could be recovered, e.g. {@code libzstd-jni-1.5.7-6.so} for
 * {@code libzstd-jni-1.5.7-611053504353403609070.so}), {@code file} the name of the mapped file, {@code path} its
 * path in the target (null where unknown), {@code how} how {@code shown} was found (null when it is the file name).
 */
public record LibraryName(String shown, String file, String path, String how) {
    public static LibraryName of(String file) {
        return new LibraryName(file, file, null, null);
    }

    /** Whether the name shown differs from the file's (an extracted copy named by its origin). */
    public boolean renamed() {
        return !shown.equals(file);
    }
}
