package dev.offheap.parse.hprof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes of a dump: names from UTF8 and LOAD CLASS records, layouts from CLASS DUMP sub-records, in any order.
 * Fills itself as a visitor; a class is {@link #resolved} once it and all its super classes have been dumped.
 */
public final class HprofClasses implements HprofVisitor {
    private final Map<Long, String> utf8 = new HashMap<>();
    private final Map<Long, Long> classNameIds = new HashMap<>();
    private final LongIntMap indexById = new LongIntMap(4096);
    private final List<ClassInfo> classes = new ArrayList<>();
    private int idSize = 8;

    /** One class: its dump, and once resolved its name and the flattened layout of its instances. */
    public static final class ClassInfo {
        public final int index;
        public final ClassDump dump;
        String name;
        ClassInfo superClass;
        InstanceLayout layout;
        boolean inCycle;

        ClassInfo(int index, ClassDump dump) {
            this.index = index;
            this.dump = dump;
        }

        public String name() {
            return name;
        }

        public ClassInfo superClass() {
            return superClass;
        }

        public InstanceLayout layout() {
            return layout;
        }

        public boolean isSubclassOf(String className) {
            for (ClassInfo c = this; c != null; c = c.superClass) {
                if (className.equals(c.name)) {
                    return true;
                }
            }
            return false;
        }
    }

    public void idSize(int idSize) {
        this.idSize = idSize;
    }

    @Override
    public boolean wantsUtf8() {
        return true;
    }

    @Override
    public void utf8(long id, String text) {
        utf8.put(id, text);
    }

    @Override
    public void loadClass(int serial, long classId, long nameId) {
        classNameIds.put(classId, nameId);
    }

    @Override
    public void classDump(ClassDump c) {
        if (c.id() != 0 && indexById.get(c.id()) < 0) { // 0 is the null id: no class has it
            indexById.put(c.id(), classes.size());
            classes.add(new ClassInfo(classes.size(), c));
        }
    }

    public int count() {
        return classes.size();
    }

    public ClassInfo get(int index) {
        return classes.get(index);
    }

    /**
     * The class with this class-object id, resolved, or null when it (or a super class) was not dumped yet, or its
     * super classes form a cycle (a corrupt dump). Resolves the chain of super classes iteratively, from the top.
     */
    public ClassInfo resolved(long classId) {
        int i = indexById.get(classId);
        if (i < 0) {
            return null;
        }
        ClassInfo c = classes.get(i);
        if (c.layout != null) {
            return c;
        }
        if (c.inCycle) {
            return null;
        }
        List<ClassInfo> chain = new ArrayList<>();
        for (ClassInfo k = c; k != null && k.layout == null; ) {
            chain.add(k);
            if (k.inCycle || chain.size() > classes.size()) {
                chain.forEach(x -> x.inCycle = true);
                return null;
            }
            long superId = k.dump.superId();
            if (superId == 0) {
                break;
            }
            int j = indexById.get(superId);
            if (j < 0) {
                return null;
            }
            k = classes.get(j);
        }
        for (int n = chain.size() - 1; n >= 0; n--) {
            ClassInfo x = chain.get(n);
            x.superClass = x.dump.superId() == 0 ? null : classes.get(indexById.get(x.dump.superId()));
            x.name = className(x.dump.id());
            x.layout = InstanceLayout.of(x, this, idSize);
        }
        return c;
    }

    public int indexOf(long classId) {
        return indexById.get(classId);
    }

    public String utf8(long id) {
        return utf8.get(id);
    }

    /** The class's name in Java form ({@code java.lang.Object[]}); a placeholder when no LOAD CLASS named it. */
    public String className(long classId) {
        Long nameId = classNameIds.get(classId);
        String raw = nameId == null ? null : utf8.get(nameId);
        return raw == null ? "class@0x" + Long.toHexString(classId) : javaName(raw);
    }

    static String javaName(String raw) {
        String s = raw.replace('/', '.');
        int dims = 0;
        while (dims < s.length() && s.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return s;
        }
        String element = s.substring(dims);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dims);
    }
}
