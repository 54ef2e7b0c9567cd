package dev.offheap.parse.profiles;

import dev.offheap.model.InputException;
import dev.offheap.model.MallocRecording;
import dev.offheap.model.StackFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import one.jfr.ClassRef;
import one.jfr.JfrReader;
import one.jfr.MethodRef;
import one.jfr.StackTrace;
import one.jfr.event.MallocEvent;

/**
 * Reads the malloc and free events of an async-profiler {@code nativemem} recording
 * ({@code start,event=nativemem,jfr,file=...}) with async-profiler's own JFR reader (jfr-converter). Native frames
 * carry their library as the "class" of the frame; a frame async-profiler could not name is the library path (a
 * stripped library, or one deleted once loaded: only its exports can be read), shown as "[library]".
 */
public final class NativememJfrReader {
    // async-profiler's frame types (FrameType in the recording): Java ones and native ones
    private static final int INTERPRETED = 0, JIT = 1, INLINED = 2, NATIVE = 3, CPP = 4, KERNEL = 5, C1 = 6;
    private static final String DELETED = " (deleted)";
    static final String PROFILER = "libasyncProfiler.so";

    private NativememJfrReader() {
    }

    public static MallocRecording read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        try (JfrReader r = new JfrReader(file.toString())) {
            List<MallocRecording.Call> calls = new ArrayList<>();
            Map<Integer, List<StackFrame>> stacks = new HashMap<>();
            for (MallocEvent e; (e = r.readEvent(MallocEvent.class)) != null; ) {
                long t = r.eventTimeToNanos(e.time);
                calls.add(new MallocRecording.Call(t, e.address, e.size, e.stackTraceId));
                if (e.size > 0 && !stacks.containsKey(e.stackTraceId)) {
                    stacks.put(e.stackTraceId, frames(r, e.stackTraceId));
                }
            }
            if (r.incomplete()) {
                throw new InputException(file + ": incomplete JFR recording (the profiler was not stopped?)");
            }
            return new MallocRecording(r.startNanos, r.endNanos, calls, stacks);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read JFR recording: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof InputException) {
                throw e;
            }
            throw new InputException(file + ": not a readable async-profiler JFR recording: " + e, e);
        }
    }

    private static List<StackFrame> frames(JfrReader r, int stackId) {
        List<StackFrame> out = stack(r, stackId);
        // the profiler's own malloc hook is the innermost frame: it is not part of the caller's stack
        while (!out.isEmpty() && PROFILER.equals(out.get(0).library())) {
            out.remove(0);
        }
        return out;
    }

    /** The frames of stack {@code stackId} of a recording, innermost first (a new, mutable list). */
    static List<StackFrame> stack(JfrReader r, int stackId) {
        StackTrace st = r.stackTraces.get(stackId);
        if (st == null) {
            return List.of();
        }
        List<StackFrame> out = new ArrayList<>(st.methods.length);
        for (int i = 0; i < st.methods.length; i++) {
            MethodRef m = r.methods.get(st.methods[i]);
            String owner = "";
            String name = "?";
            if (m != null) {
                ClassRef c = r.classes.get(m.cls);
                owner = c == null ? "" : symbol(r, c.name);
                name = symbol(r, m.name);
            }
            out.add(frame(st.types[i], owner, name));
        }
        return out;
    }

    static StackFrame frame(int type, String owner, String name) {
        switch (type) {
            case INTERPRETED, JIT, INLINED, C1:
                return StackFrame.java(owner.replace('/', '.') + "." + name);
            case KERNEL:
                return new StackFrame(name, null, StackFrame.Kind.KERNEL);
            case NATIVE, CPP:
            default:
                if (owner.isEmpty() && name.startsWith("/")) {
                    // unnamed code in a library: async-profiler shows the library path
                    String lib = libraryName(name);
                    return new StackFrame("[" + lib + "]", lib, StackFrame.Kind.NATIVE);
                }
                return StackFrame.nativeFrame(name, owner.isEmpty() ? null : libraryName(owner));
        }
    }

    /** "/tmp/libzstd-jni-1.5.7-61234.so (deleted)" → "libzstd-jni-1.5.7-61234.so". */
    static String libraryName(String path) {
        String p = path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String symbol(JfrReader r, long id) {
        byte[] b = r.symbols.get(id);
        return b == null ? "?" : new String(b, StandardCharsets.UTF_8);
    }
}
