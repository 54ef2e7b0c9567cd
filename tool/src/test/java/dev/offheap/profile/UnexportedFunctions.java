package dev.offheap.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test oracle, independent of offheap's symbol code: whether an address of a library lies in a function that has no
 * symbol of its own in the table jeprof's nm reads, by the library's unwind table ({@code readelf --debug-dump=frames},
 * one FDE per function) and {@code nm -n} (or {@code nm -D -n} for a stripped library). There jeprof names the address
 * after the exported symbol before it, which is wrong; offheap leaves it unnamed.
 */
final class UnexportedFunctions {
    // "00000018 0000000000000024 0000001c FDE cie=00000000 pc=0000000000026000..0000000000026360"
    private static final Pattern FDE = Pattern.compile("FDE cie=\\S+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)");
    // "0000000000085500 T dlopen@@GLIBC_2.34"
    private static final Pattern NM = Pattern.compile("(?m)^([0-9a-f]+) \\S ");

    private final List<long[]> functions = new ArrayList<>();
    private final Set<Long> symbolStarts = new HashSet<>();

    UnexportedFunctions(Path library) throws IOException, InterruptedException {
        Matcher f = FDE.matcher(run("readelf", "--debug-dump=frames", library.toString()));
        while (f.find()) {
            functions.add(new long[] {Long.parseUnsignedLong(f.group(1), 16), Long.parseUnsignedLong(f.group(2), 16)});
        }
        String nm = run("nm", "-n", library.toString());
        if (!NM.matcher(nm).find()) {
            nm = run("nm", "-D", "-n", library.toString());
        }
        Matcher n = NM.matcher(nm);
        while (n.find()) {
            symbolStarts.add(Long.parseUnsignedLong(n.group(1), 16));
        }
    }

    /** True when the unwind table puts {@code vaddr} in a function at whose start no symbol begins. */
    boolean holds(long vaddr) {
        for (long[] fn : functions) {
            if (vaddr >= fn[0] && vaddr < fn[1]) {
                return !symbolStarts.contains(fn[0]);
            }
        }
        return false;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
