package dev.offheap.parse.hprof;

/** HPROF basic types with their tag byte and size in a dump; an object reference takes the dump's id size. */
public enum BasicType {
    OBJECT(2, 0), BOOLEAN(4, 1), CHAR(5, 2), FLOAT(6, 4), DOUBLE(7, 8), BYTE(8, 1), SHORT(9, 2), INT(10, 4), LONG(11, 8);

    private static final BasicType[] BY_TAG = new BasicType[12];

    static {
        for (BasicType t : values()) {
            BY_TAG[t.tag] = t;
        }
    }

    public final int tag;
    private final int size;

    BasicType(int tag, int size) {
        this.tag = tag;
        this.size = size;
    }

    public int size(int idSize) {
        return this == OBJECT ? idSize : size;
    }

    /** The type for a tag byte, or null when the byte is no HPROF type. */
    public static BasicType of(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }
}
