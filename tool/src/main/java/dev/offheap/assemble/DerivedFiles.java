package dev.offheap.assemble;

import dev.offheap.model.AddressRange;
import dev.offheap.model.CgroupMemory;
import dev.offheap.model.GlibcHeap;
import dev.offheap.model.InputException;
import dev.offheap.model.JvmRegion;
import dev.offheap.model.MemoryCategory;
import dev.offheap.model.ThreadInfo;
import dev.offheap.parse.TextInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The small text files offheap writes itself for what it measured live (pagemap residency, glibc heap headers,
 * library .bss, cgroup figures), both ways: written by the live collector, read back by the assembler. One record
 * per line, tab-separated, addresses in hex; lines starting with '#' are comments.
 */
public final class DerivedFiles {
    private DerivedFiles() {
    }

    // "7f3a0f000000\t7f3a0f0e0000\t905216"
    public static String formatResidency(Map<AddressRange, Long> residency) {
        StringBuilder sb = new StringBuilder("# start\tend\tresident bytes (from /proc/PID/pagemap)\n");
        residency.forEach((r, b) -> sb.append(Long.toHexString(r.start())).append('\t').append(Long.toHexString(r.end()))
                .append('\t').append(b).append('\n'));
        return sb.toString();
    }

    public static Map<AddressRange, Long> parseResidency(String text, String source) {
        Map<AddressRange, Long> result = new LinkedHashMap<>();
        records(text, source, 3, f -> result.put(new AddressRange(hex(f[0]), hex(f[1])), Long.parseLong(f[2])));
        return result;
    }

    // "7f9e90000000\t7f9e901fc000\t7f9e94000000\t954368\t7f9e90000000\ttrue"
    public static String formatGlibcHeaps(List<GlibcHeap> heaps) {
        StringBuilder sb = new StringBuilder("# start\tusable end\treservation end\tresident bytes\tarena start\tconfirmed (true|false|unknown)\n");
        for (GlibcHeap h : heaps) {
            sb.append(Long.toHexString(h.start())).append('\t').append(Long.toHexString(h.usableEnd())).append('\t')
                    .append(Long.toHexString(h.reservationEnd())).append('\t').append(h.residentBytes()).append('\t')
                    .append(Long.toHexString(h.arenaStart())).append('\t')
                    .append(h.confirmed() == null ? "unknown" : h.confirmed().toString()).append('\n');
        }
        return sb.toString();
    }

    public static List<GlibcHeap> parseGlibcHeaps(String text, String source) {
        List<GlibcHeap> heaps = new ArrayList<>();
        records(text, source, 6, f -> {
            Boolean confirmed = f[5].equals("unknown") ? null : Boolean.valueOf(f[5]);
            heaps.add(new GlibcHeap(hex(f[0]), hex(f[1]), hex(f[2]), Long.parseLong(f[3]), hex(f[4]), confirmed));
        });
        return heaps;
    }

    // "7f3a90e00000\t7f3a90e2b000\tlibjvm.so"
    public static String formatRegions(List<JvmRegion> regions) {
        StringBuilder sb = new StringBuilder("# start\tend\tcategory\tlabel\tsource\n");
        for (JvmRegion r : regions) {
            sb.append(Long.toHexString(r.start())).append('\t').append(Long.toHexString(r.end())).append('\t')
                    .append(r.category().text()).append('\t').append(r.label()).append('\t').append(r.source()).append('\n');
        }
        return sb.toString();
    }

    public static List<JvmRegion> parseRegions(String text, String source) {
        List<JvmRegion> regions = new ArrayList<>();
        records(text, source, 5, f -> regions.add(new JvmRegion(hex(f[0]), hex(f[1]), category(f[2], source), f[3], f[4])));
        return regions;
    }

    // "4242\tC2 CompilerThre\t7f3a6d5fe8a0" (the pointer is "-" for a thread that was running)
    public static String formatThreads(List<ThreadInfo> threads) {
        StringBuilder sb = new StringBuilder("# tid\tname\tstack pointer (from /proc/PID/task/TID/syscall; - when running)\n");
        for (ThreadInfo t : threads) {
            sb.append(t.tid()).append('\t').append(t.name() == null ? "" : t.name().replace('\t', ' ')).append('\t')
                    .append(t.stackPointer() == null ? "-" : Long.toHexString(t.stackPointer())).append('\n');
        }
        return sb.toString();
    }

    public static List<ThreadInfo> parseThreads(String text, String source) {
        List<ThreadInfo> threads = new ArrayList<>();
        records(text, source, 3, f -> threads.add(new ThreadInfo(Long.parseLong(f[0]), f[1], f[2].equals("-") ? null : hex(f[2]))));
        return threads;
    }

    public static String formatCgroup(CgroupMemory m) {
        StringBuilder sb = new StringBuilder("# cgroup memory of the process (offheap)\n");
        sb.append("version=").append(m.version()).append('\n').append("path=").append(m.path()).append('\n');
        put(sb, "limit", m.limitBytes());
        put(sb, "usage", m.usageBytes());
        put(sb, "peak", m.peakBytes());
        put(sb, "swapLimit", m.swapLimitBytes());
        put(sb, "kernelUsage", m.kernelUsageBytes());
        m.stat().forEach((k, v) -> sb.append("stat.").append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    public static CgroupMemory parseCgroup(String text, String source) {
        Map<String, String> kv = new LinkedHashMap<>();
        Map<String, Long> stat = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new InputException(source + ":" + n + ": expected 'key=value', found: " + TextInput.quote(line));
            }
            String key = line.substring(0, eq);
            if (key.startsWith("stat.")) {
                try {
                    stat.put(key.substring(5), Long.parseLong(line.substring(eq + 1).trim()));
                } catch (NumberFormatException e) {
                    throw new InputException(source + ":" + n + ": expected 'stat.<name>=<bytes>', found: " + TextInput.quote(line));
                }
            } else {
                kv.put(key, line.substring(eq + 1).trim());
            }
        }
        if (!kv.containsKey("version")) {
            throw new InputException(source + ": expected a 'version=' line");
        }
        try {
            return new CgroupMemory(Integer.parseInt(kv.get("version")), kv.get("path"), optional(kv, "limit"),
                    optional(kv, "usage"), optional(kv, "peak"), optional(kv, "swapLimit"), optional(kv, "kernelUsage"), stat);
        } catch (IllegalArgumentException e) {
            throw new InputException(source + ": expected numbers for version, limit, usage, peak, swapLimit and"
                    + " kernelUsage (" + e.getMessage() + ")");
        }
    }

    private static void put(StringBuilder sb, String key, OptionalLong v) {
        v.ifPresent(x -> sb.append(key).append('=').append(x).append('\n'));
    }

    private static OptionalLong optional(Map<String, String> kv, String key) {
        String v = kv.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
    }

    /** Gives the fields of each record to {@code reader}; a field it cannot read fails with the line. */
    private static void records(String text, String source, int fields, Consumer<String[]> reader) {
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != fields) {
                throw new InputException(source + ":" + n + ": expected " + fields + " tab-separated fields, found "
                        + f.length + ": " + TextInput.quote(line));
            }
            try {
                reader.accept(f);
            } catch (IllegalArgumentException e) {
                throw new InputException(source + ":" + n + ": expected hex addresses and numbers, found: " + TextInput.quote(line));
            }
        }
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s, 16);
    }

    private static MemoryCategory category(String text, String source) {
        for (MemoryCategory c : MemoryCategory.values()) {
            if (c.text().equals(text)) {
                return c;
            }
        }
        throw new InputException(source + ": unknown category '" + text + "'");
    }
}
