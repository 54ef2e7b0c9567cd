package dev.offheap.parse.hprof;

import dev.offheap.parse.hprof.HprofClasses.ClassInfo;

/**
 * The pass that notes the object graph for reachability, run in its own thread beside the views pass over the
 * same file. It keeps its own {@link HprofClasses}: both passes see the class dumps in the same order, so class
 * indexes agree. Like the views pass, it visits an instance again after the walk when its class came later.
 */
final class GraphScan implements HprofVisitor {
    final HprofClasses classes = new HprofClasses();
    final GraphCollector graph = new GraphCollector(classes);
    private final LongList deferred = new LongList();
    private boolean finalRound;

    /** Walks the file, then the instances whose class came after them. */
    void run(HprofFile file) {
        classes.idSize(file.header().idSize());
        HprofReader reader = new HprofReader(file);
        reader.walk(this);
        finalRound = true;
        for (int i = 0; i < deferred.size(); i++) {
            reader.visitSubRecordAt(deferred.get(i), this);
        }
    }

    @Override
    public boolean wantsUtf8() {
        return true;
    }

    @Override
    public void utf8(long id, String text) {
        classes.utf8(id, text);
    }

    @Override
    public void loadClass(int serial, long classId, long nameId) {
        classes.loadClass(serial, classId, nameId);
    }

    @Override
    public void root(int subTag, long id, int threadSerial) {
        graph.root(subTag, id, threadSerial);
    }

    @Override
    public void classDump(ClassDump c) {
        classes.classDump(c);
        graph.classDump(c);
    }

    @Override
    public void objectArray(long id, long arrayClassId, int length, HprofInput in) {
        graph.objectArray(id, arrayClassId, length, in);
    }

    @Override
    public void instance(long id, long classId, int length, HprofInput in) {
        ClassInfo c = classes.resolved(classId);
        if (c != null) {
            graph.instance(id, c, length, in);
        } else if (!finalRound) {
            deferred.add(in.recordStart());
        }
    }
}
