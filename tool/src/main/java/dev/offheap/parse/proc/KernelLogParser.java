package dev.offheap.parse.proc;

import dev.offheap.model.KernelOomKill;
import dev.offheap.parse.Lines;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OOM killer's lines in the kernel log, as {@code /dev/kmsg} gives its records or {@code dmesg} prints them.
 * Lines that are no OOM kill are passed over: the log holds everything the kernel says.
 */
public final class KernelLogParser {
    // /dev/kmsg: "3,414,5196361546,-;Memory cgroup out of memory: Killed process 5627 (python3) total-vm:43292kB, …"
    private static final Pattern KMSG = Pattern.compile("^\\d+,\\d+,(\\d+),[^;]*;(.*)$");
    // dmesg: "[ 5196.361546] Out of memory: Killed process 5627 (java) total-vm:…"
    private static final Pattern DMESG = Pattern.compile("^\\[\\s*(\\d+)\\.(\\d{6})\\]\\s?(.*)$");
    // Linux 5.1+: "…out of memory: Killed process 5627 (java) …"; before: "Killed process 5627 (java) total-vm:…" after
    // "Memory cgroup out of memory: Kill process 5627 (java) score 1000 or sacrifice child"
    private static final Pattern KILLED = Pattern.compile("\\bKilled process (\\d+) \\((.*?)\\)");

    private KernelLogParser() {
    }

    /** The OOM kills the log text records, oldest first. */
    public static List<KernelOomKill> oomKills(String text) {
        List<KernelOomKill> kills = new ArrayList<>();
        Lines lines = new Lines(text);
        while (lines.next()) {
            oomKill(lines.line()).ifPresent(kills::add);
        }
        return kills;
    }

    /** One record or line; empty when it is no OOM kill (or not in either format). */
    public static Optional<KernelOomKill> oomKill(String record) {
        try {
            return parse(record.strip());
        } catch (NumberFormatException e) {
            return Optional.empty(); // a number past a long: no record of this kernel
        }
    }

    private static Optional<KernelOomKill> parse(String line) {
        long micros;
        String message;
        Matcher m = KMSG.matcher(line);
        if (m.matches()) {
            micros = Long.parseLong(m.group(1));
            message = m.group(2);
        } else if ((m = DMESG.matcher(line)).matches()) {
            micros = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
            message = m.group(3);
        } else {
            return Optional.empty();
        }
        Matcher k = KILLED.matcher(message);
        if (!k.find()) {
            return Optional.empty();
        }
        return Optional.of(new KernelOomKill(Long.parseLong(k.group(1)), k.group(2), micros, message));
    }
}
