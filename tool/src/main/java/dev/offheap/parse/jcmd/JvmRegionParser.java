package dev.offheap.parse.jcmd;

import dev.offheap.model.JvmRegion;
import dev.offheap.model.MemoryCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Address ranges the JVM reports about itself: the Java heap from {@code jcmd GC.heap_info} and the code heaps from
 * {@code jcmd Compiler.codecache}. Used where NMT detail is not available to place these in the memory map.
 */
public final class JvmRegionParser {
    // " garbage-first heap   total 262144K, used 1685K [0x00000000f0000000, 0x0000000100000000)"
    // " def new generation   total 9792K, used 1030K [0x00000000f0000000, 0x00000000f0aa0000, 0x00000000f5550000)"
    // " PSYoungGen      total 76288K, used 3932K [0x00000000eab00000, 0x00000000f0000000, 0x0000000100000000)"
    private static final Pattern HEAP_SPACE = Pattern.compile(
            "^\\s*([A-Za-z][\\w -]*?)\\s+total\\b.*\\[(0x\\p{XDigit}{1,16}), (0x\\p{XDigit}{1,16})(?:, (0x\\p{XDigit}{1,16}))?\\)");
    // "CodeHeap 'non-profiled nmethods': size=120036Kb used=7Kb max_used=7Kb free=120028Kb"
    private static final Pattern CODE_HEAP = Pattern.compile("^CodeHeap '([^']+)'|^CodeCache:");
    // " bounds [0x00007f3a78ec7000, 0x00007f3a79137000, 0x00007f3a80400000]"
    private static final Pattern BOUNDS = Pattern.compile(
            "^\\s*bounds \\[(0x\\p{XDigit}{1,16}), (0x\\p{XDigit}{1,16}), (0x\\p{XDigit}{1,16})\\]");

    private JvmRegionParser() {
    }

    /** The heap's spaces (whole reservation of each: low to high boundary). ZGC and Shenandoah print no range. */
    public static List<JvmRegion> heapInfo(String text) {
        List<JvmRegion> regions = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = HEAP_SPACE.matcher(line);
            if (m.find()) {
                long start = Long.parseUnsignedLong(m.group(2).substring(2), 16);
                long end = Long.parseUnsignedLong((m.group(4) != null ? m.group(4) : m.group(3)).substring(2), 16);
                regions.add(new JvmRegion(start, end, MemoryCategory.JAVA_HEAP, m.group(1).trim(), "GC.heap_info"));
            }
        }
        return regions;
    }

    /** Each code heap's reservation (low to high boundary). */
    public static List<JvmRegion> codeCache(String text) {
        List<JvmRegion> regions = new ArrayList<>();
        String name = null;
        for (String line : text.split("\n")) {
            Matcher heap = CODE_HEAP.matcher(line);
            if (heap.find()) {
                name = heap.group(1) != null ? heap.group(1) : "CodeCache";
                continue;
            }
            Matcher b = BOUNDS.matcher(line);
            if (b.find() && name != null) {
                long start = Long.parseUnsignedLong(b.group(1).substring(2), 16);
                long end = Long.parseUnsignedLong(b.group(3).substring(2), 16);
                regions.add(new JvmRegion(start, end, MemoryCategory.CODE_CACHE, name, "Compiler.codecache"));
                name = null;
            }
        }
        return regions;
    }
}
