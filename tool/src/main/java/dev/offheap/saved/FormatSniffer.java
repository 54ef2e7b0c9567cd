package dev.offheap.saved;

import dev.offheap.parse.logs.GcLogParser;
import dev.offheap.parse.logs.HsErrParser;
import dev.offheap.parse.proc.PmapParser;
import dev.offheap.parse.profiles.HeapV2Parser;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Tells a saved file's format from its first bytes (at most {@link #HEAD_BYTES}), never from its name: users rename
 * files ("nmt.txt", "out.log"). The checks are ordered from the most to the least distinctive.
 */
public final class FormatSniffer {
    public static final int HEAD_BYTES = 16384;
    // "7f1c87787000-7f1c87789000 rw-p 00033000 fe:00 338944   /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    private static final Pattern MAPS_LINE = Pattern.compile("[0-9a-f]+-[0-9a-f]+ [-r][-w][-x][ps-] [0-9a-f]+ [0-9a-f]+:[0-9a-f]+ \\d+.*");
    // "OpenJDK 64-Bit Server VM version 17.0.15+6-Debian-1deb12u1"
    private static final Pattern VM_VERSION = Pattern.compile(".*VM version \\S+.*");

    private FormatSniffer() {
    }

    public static FileFormat sniff(byte[] head) {
        if (head.length == 0) {
            return FileFormat.UNKNOWN;
        }
        if (head.length >= JfrChunks.MAGIC.length && java.util.Arrays.equals(head, 0, JfrChunks.MAGIC.length, JfrChunks.MAGIC,
                0, JfrChunks.MAGIC.length)) {
            return FileFormat.JFR;
        }
        if (startsWith(head, "JAVA PROFILE 1.0.") || head.length > 1 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return FileFormat.HPROF;
        }
        if (HeapV2Parser.sniff(head)) {
            return FileFormat.HEAP_V2;
        }
        String text = new String(head, 0, Math.min(head.length, HEAD_BYTES), StandardCharsets.UTF_8);
        String first = firstMeaningfulLine(text);
        if (RecordingReader.isRecording(first)) {
            return FileFormat.WATCH_RECORDING;
        }
        if (HsErrParser.sniff(text)) {
            return FileFormat.HS_ERR;
        }
        if (PmapParser.sniff(text)) {
            return FileFormat.PMAP;
        }
        if (first.startsWith("Native Memory Tracking:") || first.startsWith("Native memory tracking is not enabled")) {
            return FileFormat.NMT;
        }
        if (MAPS_LINE.matcher(first).matches()) {
            return text.contains("\nRss:") || text.contains("\nSize:") ? FileFormat.SMAPS : FileFormat.MAPS;
        }
        if (first.startsWith("Name:") && text.contains("\nPid:")) {
            return FileFormat.STATUS;
        }
        if (first.equals("[Global flags]") || first.startsWith("-XX:")) {
            return FileFormat.VM_FLAGS;
        }
        if (first.equals("VM Arguments:") || first.startsWith("jvm_args:")) {
            return FileFormat.VM_COMMAND_LINE;
        }
        if (VM_VERSION.matcher(first).matches()) {
            return FileFormat.VM_VERSION;
        }
        if (GcLogParser.sniff(text)) {
            return FileFormat.GC_LOG;
        }
        return FileFormat.UNKNOWN;
    }

    /** The first line that is neither blank nor jcmd's "PID:" line. */
    private static String firstMeaningfulLine(String text) {
        for (String line : text.split("\n", 20)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.matches("\\d+:")) {
                return t;
            }
        }
        return "";
    }

    private static boolean startsWith(byte[] head, String magic) {
        return head.length >= magic.length()
                && new String(head, 0, magic.length(), StandardCharsets.US_ASCII).equals(magic);
    }
}
