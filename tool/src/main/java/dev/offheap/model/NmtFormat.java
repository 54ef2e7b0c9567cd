package dev.offheap.model;

/**
 * The generation of an NMT text, as far as the text itself tells. It decides where Unsafe memory and direct
 * buffers are counted: "Internal" in JDK 8, "Other" from JDK 9 on (unsafe.cpp allocates with mtOther).
 */
public enum NmtFormat {
    /** No JDK 9+ mark and a Class block with only "(classes #n)": JDK 8 (or the JDK 7u40+ prototype). */
    JDK8,
    /** A category, counter or line layout that JDK 8 never prints (see {@code NmtParser}). */
    JDK9_OR_LATER,
    /** Too little text to tell (e.g. a scale=GB summary, or a status message). */
    UNDETERMINED
}
