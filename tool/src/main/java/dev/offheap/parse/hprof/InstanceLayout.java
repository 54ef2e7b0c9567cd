package dev.offheap.parse.hprof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each field of an instance sits in its INSTANCE DUMP data: the class's own fields first, then its super
 * class's, and so on (HPROF order). {@link #referenceOffsets} leaves out {@code java.lang.ref.Reference.referent},
 * so that reachability does not count what only a weak, soft or phantom reference (a Cleaner) holds.
 */
public final class InstanceLayout {
    private final String[] names;
    private final BasicType[] types;
    private final int[] offsets;
    private final int[] referenceOffsets;
    private final int dataBytes;

    private InstanceLayout(String[] names, BasicType[] types, int[] offsets, int[] referenceOffsets, int dataBytes) {
        this.names = names;
        this.types = types;
        this.offsets = offsets;
        this.referenceOffsets = referenceOffsets;
        this.dataBytes = dataBytes;
    }

    static InstanceLayout of(HprofClasses.ClassInfo c, HprofClasses classes, int idSize) {
        List<String> names = new ArrayList<>();
        List<BasicType> types = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        List<Integer> refs = new ArrayList<>();
        int offset = 0;
        for (HprofClasses.ClassInfo k = c; k != null; k = k.superClass) {
            boolean reference = "java.lang.ref.Reference".equals(k.name);
            for (ClassDump.Field f : k.dump.instanceFields()) {
                String name = classes.utf8(f.nameId());
                names.add(name);
                types.add(f.type());
                offsets.add(offset);
                if (f.type() == BasicType.OBJECT && !(reference && "referent".equals(name))) {
                    refs.add(offset);
                }
                offset += f.type().size(idSize);
            }
        }
        return new InstanceLayout(names.toArray(String[]::new), types.toArray(BasicType[]::new),
                offsets.stream().mapToInt(Integer::intValue).toArray(), refs.stream().mapToInt(Integer::intValue).toArray(),
                offset);
    }

    /** The index of the first (most derived) field with this name, or -1. */
    public int field(String name) {
        for (int i = 0; i < names.length; i++) {
            if (name.equals(names[i])) {
                return i;
            }
        }
        return -1;
    }

    public int offset(int field) {
        return offsets[field];
    }

    public BasicType type(int field) {
        return types[field];
    }

    /** Offsets of the strong reference fields. */
    public int[] referenceOffsets() {
        return referenceOffsets;
    }

    public int dataBytes() {
        return dataBytes;
    }

    @Override
    public String toString() {
        return Arrays.toString(names);
    }
}
