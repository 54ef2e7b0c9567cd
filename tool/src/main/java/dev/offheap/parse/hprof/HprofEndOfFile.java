package dev.offheap.parse.hprof;

/** The file ended inside a record: {@code neededOffset} is the first byte that was needed and is missing. */
public final class HprofEndOfFile extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final long neededOffset;

    public HprofEndOfFile(long neededOffset) {
        super("file ends before byte " + neededOffset, null, false, false);
        this.neededOffset = neededOffset;
    }
}
