package dev.offheap.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog of finding ids (DESIGN.md §4): every id a rule may give, with what it means, the evidence it quotes,
 * the severities it may have, the fix, and what it needs (NMT level, inputs). A {@link Finding} is made only with an
 * id and a severity listed here, and docs/findings.md is written from this catalog (scripts/gen-docs).
 */
public enum FindingId {
    NMT_OFF("Native Memory Tracking is off",
            "The JVM runs without Native Memory Tracking, so its own memory (metaspace, thread stacks, GC structures,"
                    + " compiler, symbols) cannot be told from memory malloc'ed by JNI libraries and the JDK's native code:"
                    + " those rows stay 'unexplained' or 'malloc'. NMT cannot be switched on in a running JVM.",
            "Which source says NMT is off (NativeMemoryTracking=off in VM.flags, VM.native_memory's 'not enabled' answer,"
                    + " or the command line) and how much of RSS is unexplained without it.",
            "Always info: a limit of the diagnosis, not a problem of the JVM.",
            "Restart with -XX:NativeMemoryTracking=summary (a few percent of CPU), or =detail for call sites; without"
                    + " changing the command line: JAVA_TOOL_OPTIONS=\"-XX:NativeMemoryTracking=summary\". Until then"
                    + " 'offheap profile PID' names what makes RSS grow without NMT.",
            "off (this finding says so)",
            "a snapshot: report, export, analyze of a collect folder or of loose files that tell the NMT mode (VM.flags,"
                    + " a VM.native_memory answer, a command line)",
            Severity.INFO),
    LAZY_COMMIT("Committed memory is not resident yet",
            "The JVM has committed at least 64 MiB (and a quarter) more than is resident in its mmap'ed areas (heap,"
                    + " metaspace, class space, code cache, thread stacks, GC). Committing is an mmap with read/write"
                    + " access; pages become resident on first touch, so RSS grows towards committed as the areas fill,"
                    + " without any leak.",
            "Committed and resident of these areas together and of each one with a gap of 16 MiB or more (with the"
                    + " resident share), and the value of AlwaysPreTouch.",
            "Always info: not a leak.",
            "Nothing to fix. Compare RSS with the budget, not with committed; -XX:+AlwaysPreTouch touches the whole heap"
                    + " at start when RSS must be predictable from the start (slower start).",
            "summary or detail (committed sizes come from NMT)",
            "a snapshot with the memory map: report, export, analyze of a collect folder or of NMT and smaps files",
            Severity.INFO),
    RSS_OVER_BUDGET("RSS exceeds what the JVM's limits allow",
            "The process holds more than its reasonable budget: heap maximum + MaxMetaspaceSize + MaxDirectMemorySize"
                    + " (the heap maximum when unset) + ReservedCodeCacheSize + threads × stack size + a margin for the"
                    + " JVM and libraries. Something outside those limits grows or is large: JNI libraries, malloc"
                    + " arenas, a native leak.",
            "RSS and how far it is over the budget, each part of the budget with its basis (a flag or a default), and"
                    + " the three largest rows outside the heap.",
            "Warning over the budget; critical over 1.5 times the budget.",
            "Look at the largest rows outside the heap and the other findings; 'offheap watch PID' shows what grows and"
                    + " 'offheap profile PID' names the library, JNI method and Java caller that make RSS grow.",
            "any (with NMT off the excess shows as malloc and unexplained rows)",
            "a snapshot with the JVM's flags (the budget needs them): report, export, analyze of a collect folder or"
                    + " of loose files with VM.flags",
            Severity.WARNING, Severity.CRITICAL),
    CONTAINER_LIMIT_RISK("The container's memory limit is close",
            "The JVM's cgroup has a memory limit and RSS or the cgroup's usage is at 80% of it or more, or the JVM's own"
                    + " limits allow more than the container does. At the limit the kernel's OOM killer ends the process"
                    + " (exit 137) without an OutOfMemoryError or a heap dump.",
            "The limit and the cgroup's path, RSS and the cgroup's usage with their share of the limit, and the JVM's"
                    + " budget when it is larger than the limit.",
            "Warning from 80% of the limit (or a budget over it); critical from 90%.",
            "Size the JVM to the container: lower -Xmx (or -XX:MaxRAMPercentage=60 to 75), set -XX:MaxDirectMemorySize"
                    + " and -XX:MaxMetaspaceSize, or raise the container's limit; then fix what the other findings show"
                    + " growing.",
            "any",
            "a snapshot of a JVM in a cgroup with a memory limit: report, export, analyze of a collect folder (it keeps"
                    + " the cgroup's files)",
            Severity.WARNING, Severity.CRITICAL),
    GLIBC_ARENAS("glibc malloc arenas hold much memory",
            "glibc gives threads that malloc concurrently arenas of their own (64 MiB reservations, up to 8 per core);"
                    + " memory freed in an arena stays there for reuse. Four or more arenas hold at least 32 MiB and a"
                    + " tenth of RSS: many threads doing native allocation (zip, NIO, JNI libraries, the JVM itself)"
                    + " fragment memory and keep far more than they use.",
            "How many arenas in how many heaps hold how much resident memory (share of RSS), whether each heap was"
                    + " confirmed by its heap_info header or found by its 64 MiB layout, whether MALLOC_ARENA_MAX is set,"
                    + " and what malloc_info says is free inside them.",
            "Info; warning when the arenas hold a third of RSS or more.",
            "Start the JVM with MALLOC_ARENA_MAX=2 in its environment, or use jemalloc"
                    + " (LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2); where the JDK has it, jcmd PID"
                    + " System.trim_native_heap gives free memory back now.",
            "any",
            "a snapshot with the memory map (smaps): report, export, analyze of a collect folder or of an smaps file",
            Severity.INFO, Severity.WARNING),
    NATIVE_HEAP_RETAINED("glibc keeps freed memory",
            "glibc holds at least 64 MiB (and a tenth of RSS) of freed memory instead of returning it: it gives memory"
                    + " back only from the top of a heap, so fragmentation and many arenas keep freed blocks resident."
                    + " Not a leak of live objects, but it counts against a container's limit.",
            "The free bytes malloc_info reports (share of RSS, of what glibc got from the system) and the three arenas"
                    + " with the most free memory.",
            "Info; warning when the free memory is a quarter of RSS or more.",
            "Trim: jcmd PID System.trim_native_heap (JDK 11.0.21+, 17.0.9+, 21+), or -XX:TrimNativeHeapInterval where"
                    + " the JDK has it; keep less with MALLOC_ARENA_MAX=2 or jemalloc.",
            "any",
            "a snapshot with malloc_info (jcmd System.native_heap_info, newer JDKs): report, export, analyze of a"
                    + " collect folder or of a malloc_info file",
            Severity.INFO, Severity.WARNING),
    DIRECT_MEMORY_UNLIMITED("Direct memory has no limit of its own",
            "-XX:MaxDirectMemorySize is not set, so direct ByteBuffers may take as much as the heap maximum on top of the"
                    + " heap: the process may need up to twice -Xmx before any OutOfMemoryError, and a container may kill"
                    + " it first.",
            "MaxDirectMemorySize=0 with the heap maximum it defaults to, and the direct buffers in use now (count and"
                    + " bytes from the buffer pools) or, without the pools, NMT's Unsafe category as an upper bound.",
            "Info; warning when direct buffers (or Unsafe memory) already hold 128 MiB or a quarter of the heap maximum.",
            "Set -XX:MaxDirectMemorySize to what the application needs (the remedy suggests twice the current use), so a"
                    + " leak fails fast with 'OutOfMemoryError: Cannot reserve direct buffer memory' instead of growing RSS.",
            "any (with NMT the Unsafe category bounds direct memory when the buffer pools were not read)",
            "a snapshot with the JVM's flags: report, export, analyze of a collect folder or of loose files with VM.flags",
            Severity.INFO, Severity.WARNING),
    DIRECT_MEMORY_LARGE("Direct buffers or Unsafe memory hold much memory",
            "An NMT output alone (without the JVM's flags) shows 128 MiB or more (or a quarter of the heap reserve) in"
                    + " NMT's category for Unsafe.allocateMemory ('Other', JDK 8 'Internal'): direct buffers or other"
                    + " Unsafe memory, and whether a limit bounds them cannot be told from this file.",
            "The category's malloc'ed bytes and blocks (average block size), its share of NMT's committed total, the"
                    + " heap reserve that an unset MaxDirectMemorySize defaults to, and the change since the baseline for"
                    + " a diff.",
            "Always warning.",
            "Give the JVM's flags with the file (jcmd PID VM.flags -all); on the live JVM 'offheap report PID' tells"
                    + " direct buffers from other Unsafe memory and 'offheap watch PID' whether it grows; set"
                    + " -XX:MaxDirectMemorySize to what the application needs.",
            "summary or detail",
            "an NMT output without the JVM's flags: analyze of a loose VM.native_memory file (summary, detail or diff)",
            Severity.WARNING),
    DIRECT_BUFFER_GROWTH("Direct buffers grow",
            "The direct buffer pool (BufferPoolMXBean 'direct') grows steadily, or direct buffers make RSS grow in a"
                    + " growth profile: buffers stay reachable (a collection, a cache, a pool never trimmed) or wait in"
                    + " the old generation for a full collection. Their memory is freed only when the buffer object is"
                    + " collected.",
            "The pool's used bytes and buffer count over the watch (growth and rate), the time left to the direct"
                    + " memory limit; from a growth profile, the new pages touched through direct buffers with their Java"
                    + " caller.",
            "Warning; critical when the direct memory limit is reached within 15 minutes at this rate. A leak that"
                    + " stopped is held at warning while its memory is not freed.",
            "Find what holds the buffers: 'offheap heap --dump PID' tells buffers held (with their paths from GC roots)"
                    + " from those waiting for a GC; release or reuse them, and set -XX:MaxDirectMemorySize so a leak fails"
                    + " fast.",
            "any",
            "samples over time: watch, run, demo, export, analyze of a recording; or a growth profile: profile, analyze"
                    + " of a collect folder with one",
            Severity.WARNING, Severity.CRITICAL),
    NIO_TEMP_BUFFER_CACHE("Threads cache large temporary direct buffers",
            "I/O through heap ByteBuffers makes NIO copy via a temporary direct buffer that each thread caches"
                    + " (sun.nio.ch.Util$BufferCache) at the largest size it used: every long-lived thread that once did a"
                    + " large I/O keeps that much native memory.",
            "Direct memory growing with the number of threads (new buffers, average size, live threads), the count of"
                    + " BufferCache instances (watch --histogram), whether -Djdk.nio.maxCachedBufferSize is set; from a"
                    + " heap dump, the cached buffers by thread.",
            "In a watch: warning, critical when the direct memory limit is reached within 15 minutes. In a heap dump:"
                    + " info; warning from 64 MiB in all or 16 MiB in one thread.",
            "-Djdk.nio.maxCachedBufferSize=262144 (JDK 9+, 8u102+) frees larger temporary buffers after use; do large"
                    + " I/O from fewer pooled threads, from your own reused direct buffer, or in smaller chunks.",
            "any (on JDKs that leave temporary buffers out of the pool: summary or detail, or a memory map)",
            "samples over time: watch, run, demo, export, analyze of a recording; a heap dump: heap, analyze of an hprof",
            Severity.INFO, Severity.WARNING, Severity.CRITICAL),
    DISABLE_EXPLICIT_GC("-XX:+DisableExplicitGC keeps dead direct buffers allocated",
            "When direct memory runs short the JDK calls System.gc() to free unreachable buffers; -XX:+DisableExplicitGC"
                    + " makes that call do nothing, so dead buffers in the old generation stay allocated until an old"
                    + " collection happens by itself, and allocation may fail with 'Cannot reserve direct buffer memory'.",
            "The flag and where it was set, the direct pool's use over the watch and the time to its limit; from a heap"
                    + " dump, how many owning direct buffers are unreachable and the capacity waiting for a GC.",
            "Warning when direct memory grows or holds 256 MiB with the flag; critical when the limit is reached within"
                    + " 15 minutes. In a heap dump: warning, critical from 1 GiB waiting for a GC.",
            "Remove -XX:+DisableExplicitGC; if it was there against long System.gc() pauses, use"
                    + " -XX:+ExplicitGCInvokesConcurrent (G1, CMS, Shenandoah); set -XX:MaxDirectMemorySize.",
            "any",
            "samples over time with the JVM's flags: watch, run, demo, export, analyze of a recording; a heap dump:"
                    + " heap, analyze of an hprof",
            Severity.WARNING, Severity.CRITICAL),
    EXPLICIT_FULL_GC("System.gc() runs full collections",
            "A GC log shows full collections requested by System.gc(). The JDK calls it itself when direct memory"
                    + " reaches MaxDirectMemorySize, RMI's distributed GC hourly, libraries and applications at will; each"
                    + " is a stop-the-world collection. Repeated ones usually mean direct memory is at its limit.",
            "How many full System.gc() collections (of how many in all) between which uptimes, and with the flags"
                    + " MaxDirectMemorySize and ExplicitGCInvokesConcurrent.",
            "Info; warning from three full collections.",
            "Do not add -XX:+DisableExplicitGC (see DISABLE_EXPLICIT_GC): use -XX:+ExplicitGCInvokesConcurrent and"
                    + " check direct memory ('offheap report PID'); raise -XX:MaxDirectMemorySize or find what holds the"
                    + " buffers ('offheap heap --dump PID').",
            "any",
            "a GC log: analyze of a GC log (with VM.flags beside it for the flags), run (its GC log)",
            Severity.INFO, Severity.WARNING),
    UNSAFE_MEMORY_GROWTH("Unsafe.allocateMemory memory grows",
            "Memory allocated with Unsafe.allocateMemory grows beyond what the direct buffer pool explains: a framework"
                    + " or the application allocates with Unsafe (Netty's cleaner-less buffers, off-heap caches) and does"
                    + " not free. NMT counts it under 'Other' (JDK 8: 'Internal').",
            "NMT's category over the watch, what the direct pool explains of it, and the growth beyond it; from a"
                    + " growth or malloc profile, the bytes and the Java caller of Unsafe.allocateMemory.",
            "Warning; critical when a limit is reached within 15 minutes (a malloc profile: from 256 MiB still"
                    + " allocated). Info from a profile dumped without frees (a heap profile).",
            "Find the caller ('offheap profile PID' names it) and free what it allocates (Unsafe.freeMemory), or use"
                    + " ByteBuffer.allocateDirect; for Netty, -Dio.netty.maxDirectMemory and release every ByteBuf.",
            "summary or detail for a watch (the category is NMT's); any for a profile",
            "samples over time: watch, run, demo, export, analyze of a recording; a growth or malloc profile: profile,"
                    + " profile --malloc, analyze of a collect folder or of a heap profile",
            Severity.INFO, Severity.WARNING, Severity.CRITICAL),
    METASPACE_GROWTH("Class metadata grows",
            "Class metadata (metaspace and class space) or the number of loaded classes grows steadily: classes keep"
                    + " being defined and stay reachable. The finding says which kind of class grows; CLASSLOADER_LEAK,"
                    + " REFLECTION_ACCESSOR_LOADERS and HIDDEN_CLASS_GROWTH name the cause where the evidence allows. In a"
                    + " GC log: repeated 'Metadata GC Threshold' collections.",
            "Metaspace and class space committed and loaded classes over the watch, what grows (new loaders, reflection"
                    + " accessors, hidden classes, named classes in existing loaders), class counters and top names, the"
                    + " time to MaxMetaspaceSize; from a GC log, the metadata collections and metaspace after them.",
            "Warning; critical when MaxMetaspaceSize is reached within 15 minutes, or (GC log) after last-ditch"
                    + " collections.",
            "Cache generated classes (proxies, serializers, scripts, lambdas) instead of regenerating them, let their"
                    + " loaders be collected, and set -XX:MaxMetaspaceSize so a leak ends in 'OutOfMemoryError: Metaspace'.",
            "any (committed metadata from NMT, else the hsperfdata counters)",
            "samples over time: watch, run, demo, export, analyze of a recording; a growth profile; a GC log",
            Severity.WARNING, Severity.CRITICAL),
    CLASSLOADER_LEAK("Class loaders pile up",
            "Classes keep being loaded and class loaders of one type pile up (VM.classloader_stats), or each class comes"
                    + " from a new URLClassLoader: loaders kept reachable (a thread, a static cache, a ThreadLocal, a driver"
                    + " registration) keep all their classes. From a heap dump: 100 or more loaders of one type.",
            "Loaded classes over the watch, the live loaders of the piling type and the classes they define, class"
                    + " counters and top names, classes unloaded; from a heap dump, the loaders by type and their classes.",
            "Warning; critical when MaxMetaspaceSize is reached within 15 minutes.",
            "Create one loader and reuse it (close each URLClassLoader when done), or clear the references that keep old"
                    + " ones; 'offheap heap --dump PID' counts loaders by type and their paths to GC roots show the holder.",
            "any",
            "samples over time (with VM.classloader_stats, which a watch reads once classes grow, the loader type is"
                    + " named): watch, run, demo, export, analyze of a recording; a heap dump: heap, analyze of an hprof",
            Severity.WARNING, Severity.CRITICAL),
    REFLECTION_ACCESSOR_LOADERS("Reflection generates accessor classes in loaders of their own",
            "Up to JDK 17, a Method or Constructor called reflectively more than 15 times gets a generated accessor class"
                    + " in a new DelegatingClassLoader; reflecting over ever new members piles them up in metaspace. JDK 18+"
                    + " (JEP 416) uses method handles: the finding is not given there.",
            "The DelegatingClassLoader instances (and their growth), generated accessor classes, loaded classes,"
                    + " whether -Dsun.reflect.inflationThreshold is set; from a heap dump, the loaders and accessor classes.",
            "Warning when classes grow or 50 loaders were added, critical when MaxMetaspaceSize is reached within 15"
                    + " minutes, else info; in a heap dump info from 100 loaders, warning from 1000.",
            "Cache Method objects and avoid reflecting over throwaway classes; -Dsun.reflect.inflationThreshold=2147483647"
                    + " keeps native accessors; JDK 18+ creates no such loaders.",
            "any",
            "samples over time with VM.classloader_stats (a watch reads it once classes grow, or with --histogram; not"
                    + " with --no-safepoint): watch, run, export, analyze of a recording; a heap dump: heap, analyze of an"
                    + " hprof",
            Severity.INFO, Severity.WARNING, Severity.CRITICAL),
    DUPLICATE_CLASSES("The same class is loaded many times",
            "One class name is defined by three or more loaders: each copy has its own metadata. A few are normal in"
                    + " application servers; many mean loaders are created again and again and old ones are kept (a"
                    + " redeploy leak, a loader per request).",
            "The class names loaded most often with their copies, and how many names are loaded more than once.",
            "Info; warning from 50 copies (class histogram) or 10 loaders (heap dump).",
            "Find who creates the loaders (jcmd PID VM.classloaders) and reuse one or share the library through a"
                    + " parent loader; check in a heap dump what keeps the old ones reachable.",
            "any",
            "samples with the class histogram (watch --histogram): watch, run, analyze of a recording; a heap dump:"
                    + " heap, analyze of an hprof",
            Severity.INFO, Severity.WARNING),
    METHODHANDLE_MEMBERNAME_LEAK("MethodHandle MemberNames leak (JDK 8 before 8u152)",
            "JDK 8 before 8u152 keeps every MemberName that MethodHandles resolve in a per-class table in native memory"
                    + " and never purges it (JDK-8152271): lambdas, invokedynamic and MethodHandle-heavy code grow NMT"
                    + " 'Internal' without end.",
            "The JDK version, NMT Internal (without direct buffers) over the watch; from a heap dump, the count of"
                    + " java.lang.invoke.MemberName objects.",
            "Warning; critical when a limit is reached within 15 minutes.",
            "Upgrade to JDK 8u152 or later (or 11+); until then reuse MethodHandles instead of resolving them again.",
            "summary or detail for a watch (NMT 'Internal'); any for a heap dump",
            "samples over time of a JDK 8 before 8u152: watch, run, analyze of a recording; a heap dump with 100,000"
                    + " MemberNames or more: heap, analyze of an hprof",
            Severity.WARNING, Severity.CRITICAL),
    NATIVE_MALLOC_GROWTH("Native memory (malloc) grows",
            "Malloc'ed memory that no other row explains grows steadily (glibc's main heap, its per-thread arenas, free"
                    + " memory it keeps, anonymous memory): with NMT on that is memory NMT does not track (JNI libraries,"
                    + " native agents); with NMT off it also holds the JVM's own malloc.",
            "Those rows over the watch and RSS, the share in glibc's per-thread arenas, the time to the container limit,"
                    + " the native libraries from outside the JDK, and when the JIT is still compiling the code cache's"
                    + " growth (why it is only info then).",
            "Warning; critical when the container limit is reached within 15 minutes; info while the JIT warms up or,"
                    + " with NMT off, while classes are being loaded.",
            "Name the allocating code without a restart: 'offheap profile PID' (library, JNI method, Java caller), then"
                    + " --malloc to tell leak from churn; close native resources (try-with-resources).",
            "any (with NMT off the JVM's own malloc cannot be told apart)",
            "samples over time: watch, run, demo, export, analyze of a recording",
            Severity.INFO, Severity.WARNING, Severity.CRITICAL),
    JNI_LIBRARY_LEAK("A JNI library leaks native memory",
            "A native library outside the JVM (zstd, RocksDB, a codec…) makes RSS grow in a growth profile, or holds"
                    + " the most of what stays allocated in a malloc profile: its objects are not closed or freed, and the"
                    + " garbage collector does not free native memory.",
            "The new pages touched (rate, share of the growth, faults and threads), the JNI methods and the Java caller;"
                    + " from a malloc profile, the bytes still allocated and their stacks, and the churn freed.",
            "Warning from a growth profile; from a malloc profile warning, critical from 256 MiB still allocated, info"
                    + " from a profile dumped without frees (a heap profile).",
            "Close the library's objects on every path (try-with-resources, its free or close); confirm leak versus"
                    + " churn with 'offheap profile PID --malloc'.",
            "any",
            "a growth or malloc profile: profile, profile --malloc, watch with a growth profile, analyze of a collect"
                    + " folder or of a heap profile",
            Severity.INFO, Severity.WARNING, Severity.CRITICAL),
    ZIP_STREAMS_NOT_ENDED("java.util.zip streams not ended",
            "Inflater/Deflater objects (or GZIP/Zip streams holding them) that were never end()ed or closed keep their"
                    + " zlib buffers in native memory until a cleaner runs after a GC.",
            "From a profile, the growth or bytes still allocated through java.util.zip with their stacks; from a heap"
                    + " dump, the Inflaters and Deflaters not ended.",
            "Warning from a growth profile or a live malloc profile, info from a heap profile; in a heap dump info from"
                    + " 100 objects not ended, warning from 1000.",
            "Call end() on every Inflater/Deflater and close() GZIP/Zip streams (try-with-resources).",
            "any",
            "a growth or malloc profile: profile, profile --malloc, analyze of a collect folder or of a heap profile;"
                    + " a heap dump: heap, analyze of an hprof",
            Severity.INFO, Severity.WARNING),
    JEMALLOC_OLD_VERSION("jemalloc release with known retention problems",
            "The process allocates with a jemalloc release known to retain memory: before 4.5.0, or 5.0.0 to 5.2.0.",
            "The jemalloc version read from the mapped library and the known problem of that release.",
            "Info; warning when native memory grows in the watch.",
            "Use jemalloc 5.3.0 or later (apt-get install libjemalloc2 on Debian 12 / Ubuntu 22.04+), or glibc malloc"
                    + " with MALLOC_ARENA_MAX=2.",
            "any",
            "samples over time of a process with jemalloc mapped: watch, run, analyze of a recording",
            Severity.INFO, Severity.WARNING),
    CODE_CACHE_FULL("The code cache is full",
            "The code cache is at ReservedCodeCacheSize ('CodeCache is full. Compiler has been disabled.'): the JIT"
                    + " stops and new hot code runs interpreted, often many times slower; memory stays bounded. A state:"
                    + " it holds while the cache stays full.",
            "The code cache's use of its size and ReservedCodeCacheSize, whether Compiler.codecache says compilation is"
                    + " disabled, UseCodeCacheFlushing; from a GC log, how often 'CodeCache is full' was printed.",
            "Warning at 95% of the cache; critical when compilation is disabled (always, from a GC log).",
            "Raise -XX:ReservedCodeCacheSize (the remedy suggests a size) and keep -XX:+UseCodeCacheFlushing; if it"
                    + " fills at any size, look for code generated without end.",
            "any",
            "a snapshot with Compiler.codecache (report, collect, analyze of a folder) and samples over time (watch,"
                    + " run, demo, export, analyze of a recording); a GC log with the warning",
            Severity.WARNING, Severity.CRITICAL),
    CODE_CACHE_GROWTH("Compiled code grows",
            "The JIT keeps compiling new code: normal while an application warms up and levels off; growth that does"
                    + " not level off comes from code generated at run time.",
            "The code cache's use over the watch and the time to ReservedCodeCacheSize.",
            "Info; warning when ReservedCodeCacheSize would be reached within 15 minutes.",
            "Nothing while it levels off; raise -XX:ReservedCodeCacheSize before it fills.",
            "any",
            "samples over time: watch, run, demo, export, analyze of a recording",
            Severity.INFO, Severity.WARNING),
    THREAD_GROWTH("Threads keep being created",
            "The number of live threads rises steadily (or new threads' stacks make RSS grow in a growth profile):"
                    + " executors created per task and never shut down, or threads blocked forever. Each keeps a stack and"
                    + " native per-thread data.",
            "Live threads and resident thread stacks over the watch, ThreadStackSize; from a growth profile, the pages"
                    + " touched by new stacks, the threads at start and end and who starts them.",
            "Warning; critical when a limit is reached within 15 minutes.",
            "List them (jcmd PID Thread.print): many threads of one name pattern point at an ExecutorService never shut"
                    + " down; reuse one pool or call shutdown(); on JDK 21+ virtual threads avoid a platform thread per task.",
            "any",
            "samples over time: watch, run, demo, export, analyze of a recording; a growth profile",
            Severity.WARNING, Severity.CRITICAL),
    HOTSPOT_INTERNAL_GROWTH("The JVM's own memory grows",
            "One of the JVM's own NMT categories (GC, compiler, symbols, internal, arena chunks, synchronization…) grows"
                    + " steadily by 16 MiB or more beyond what heap and class growth explain: tied to the workload (ever"
                    + " new symbols, huge methods, many monitors) or a JVM bug fixed in a later update.",
            "The growing NMT category's committed memory over the watch.",
            "Always warning.",
            "Compare two NMT detail reports (VM.native_memory baseline, later detail.diff) to find the call site, and"
                    + " check the release notes of later updates.",
            "summary or detail",
            "samples over time: watch, run, demo, export, analyze of a recording",
            Severity.WARNING),
    HIDDEN_CLASS_GROWTH("Hidden classes keep being defined",
            "Classes keep being loaded and most are hidden classes defined into loaders that already exist: lambdas"
                    + " spun by LambdaMetafactory (bound into their host's loader) or method handles' LambdaForms (a class"
                    + " loader data each). No loader piles up, so the fix is a cache of the generated object, not fewer"
                    + " loaders.",
            "Loaded classes over the watch, class counters and top names, the loaders (VM.classloader_stats) and where"
                    + " the hidden classes went.",
            "Warning; critical when MaxMetaspaceSize is reached within 15 minutes.",
            "Cache the functional object, the adapted method handle or the generated class per distinct shape instead"
                    + " of generating it again; bound caches keyed by data.",
            "any",
            "samples over time: watch, run, demo, export, analyze of a recording",
            Severity.WARNING, Severity.CRITICAL),
    DIRECT_MEMORY_EXHAUSTED("Direct memory is exhausted",
            "The direct buffer pool is at 90% or more of its limit (MaxDirectMemorySize, the heap maximum when unset):"
                    + " new direct buffers fail with 'OutOfMemoryError: Cannot reserve … bytes of direct buffer memory'"
                    + " although the heap has room. A state: it holds while the pool stays there, whatever its growth does.",
            "The pool's use of the limit and its buffer count, how an allocation past the limit fails, and"
                    + " -XX:+DisableExplicitGC when set.",
            "Warning from 90% of the limit; critical from 95% (reached).",
            "Find what holds the buffers ('offheap heap --dump PID'); raise -XX:MaxDirectMemorySize if the application"
                    + " needs that much; do not disable System.gc() (-XX:+ExplicitGCInvokesConcurrent rather than"
                    + " -XX:+DisableExplicitGC).",
            "any",
            "a snapshot with the buffer pools and flags (report, export, analyze of a collect folder) or the last"
                    + " sample of a watch, run, demo or recording",
            Severity.WARNING, Severity.CRITICAL),
    METASPACE_EXHAUSTED("Metaspace is exhausted",
            "Committed class metadata is at 90% or more of MaxMetaspaceSize, or the class space of"
                    + " CompressedClassSpaceSize: loading a class (a lambda, a proxy, a plugin) fails with 'OutOfMemoryError:"
                    + " Metaspace' or 'Compressed class space'. A state: it holds while the metadata stays there.",
            "Metaspace and class space committed of MaxMetaspaceSize, class space of CompressedClassSpaceSize, and the"
                    + " error that follows.",
            "Warning from 90% of the limit; critical from 95% (reached).",
            "See which loaders hold the metadata ('offheap watch --histogram PID', jcmd PID VM.metaspace); raise the"
                    + " limit if the application needs those classes, else cache what the loaders generate.",
            "any (committed from NMT, else the hsperfdata counters)",
            "a snapshot with flags (report, export, analyze of a collect folder) or the last sample of a watch, run,"
                    + " demo or recording",
            Severity.WARNING, Severity.CRITICAL),
    NATIVE_OUT_OF_MEMORY("The JVM died for lack of native memory",
            "An hs_err log says the operating system refused the JVM memory ('Native memory allocation (mmap|malloc)"
                    + " failed'): the machine or container ran out of memory and swap, or a limit on address space"
                    + " (ulimit -v) or memory maps (vm.max_map_count) was reached.",
            "The failed allocation (mmap or malloc, size, purpose), RSS and peak at the crash with physical memory, and"
                    + " NMT's totals when the log has them.",
            "Always critical.",
            "Compare the JVM's budget with the memory the process may use: lower -Xmx or the thread count, or give it"
                    + " more memory; if native memory grows, watch the restarted JVM with NMT on.",
            "any (NMT totals when the JVM ran with it)",
            "an hs_err log: analyze of hs_err_pid*.log (or a collect folder holding one)",
            Severity.CRITICAL);

    private final String title;
    private final String meaning;
    private final String evidence;
    private final String severityText;
    private final String fix;
    private final String nmt;
    private final String inputs;
    private final Set<Severity> severities;

    FindingId(String title, String meaning, String evidence, String severityText, String fix, String nmt, String inputs,
              Severity first, Severity... rest) {
        this.title = title;
        this.meaning = meaning;
        this.evidence = evidence;
        this.severityText = severityText;
        this.fix = fix;
        this.nmt = nmt;
        this.inputs = inputs;
        this.severities = EnumSet.of(first, rest);
    }

    /** The id as the JSON contract and the exporter's label write it. */
    public String id() {
        return name();
    }

    /** The anchor of the id's section in docs/findings.md: the id in lower case, as GitHub makes it from the heading. */
    public String anchor() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    public String meaning() {
        return meaning;
    }

    public String evidence() {
        return evidence;
    }

    /** When each severity is given, in words. */
    public String severityText() {
        return severityText;
    }

    public String fix() {
        return fix;
    }

    /** The NMT levels the finding needs ("any", "summary or detail"…). */
    public String nmt() {
        return nmt;
    }

    /** The commands and saved inputs that can give the finding. */
    public String inputs() {
        return inputs;
    }

    /** The severities a finding with this id may have. */
    public Set<Severity> severities() {
        return EnumSet.copyOf(severities);
    }

    public boolean allows(Severity severity) {
        return severities.contains(severity);
    }

    public static Optional<FindingId> find(String id) {
        for (FindingId f : values()) {
            if (f.name().equals(id)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The catalogued id; an unknown one is a bug of the rule that made it. */
    public static FindingId of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("finding id '" + id
                + "' is not in the catalog (dev.offheap.model.FindingId)"));
    }
}
