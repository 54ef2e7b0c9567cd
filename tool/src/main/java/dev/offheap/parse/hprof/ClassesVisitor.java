package dev.offheap.parse.hprof;

/**
 * A pass that needs the dump's classes: it fills its {@link HprofClasses} from the UTF8, LOAD CLASS and CLASS DUMP
 * records as it goes, and sees everything else itself.
 */
abstract class ClassesVisitor implements HprofVisitor {
    final HprofClasses classes;

    ClassesVisitor(HprofClasses classes) {
        this.classes = classes;
    }

    @Override
    public final boolean wantsUtf8() {
        return true;
    }

    @Override
    public final void utf8(long id, String text) {
        classes.utf8(id, text);
    }

    @Override
    public final void loadClass(int serial, long classId, long nameId) {
        classes.loadClass(serial, classId, nameId);
    }

    @Override
    public void classDump(ClassDump c) {
        classes.classDump(c);
    }
}
