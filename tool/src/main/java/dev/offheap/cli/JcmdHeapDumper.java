package dev.offheap.cli;

import dev.offheap.model.TargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * TEMPORARY: takes the dump with the {@code jcmd} next to the target's own java ({@code /proc/PID/exe}), running
 * {@code jcmd PID GC.heap_dump -all FILE}; to be replaced by the pure-Java attach client ({@code dev.offheap.attach}).
 * The target writes the file itself, in its own mount namespace: only targets in our mount namespace are supported.
 */
final class JcmdHeapDumper implements HeapDumper {
    private static final long TIMEOUT_MINUTES = 30;

    @Override
    public Path dump(long pid, Path privateFile) {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            throw new TargetException("pid " + pid + ": no such process");
        }
        Path java;
        try {
            java = Files.readSymbolicLink(proc.resolve("exe"));
            String ours = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
            String theirs = Files.readSymbolicLink(proc.resolve("ns/mnt")).toString();
            if (!ours.equals(theirs)) {
                throw new TargetException("pid " + pid + " runs in another mount namespace (a container); dumping into it"
                        + " is not supported yet: run 'jcmd " + pid + " GC.heap_dump -all FILE' inside the container and"
                        + " give offheap the file");
            }
        } catch (IOException e) {
            throw new TargetException("pid " + pid + ": cannot read its executable (" + e.getMessage()
                    + "); run offheap as the JVM's user or as root", e);
        }
        Path jcmd = java.resolveSibling("jcmd");
        if (!java.getFileName().toString().equals("java") || !Files.isExecutable(jcmd)) {
            throw new TargetException("pid " + pid + ": not a JVM with a jcmd next to it (" + java + ")");
        }
        run(pid, jcmd, privateFile);
        if (!Files.isRegularFile(privateFile)) {
            throw new TargetException("pid " + pid + ": jcmd reported success but wrote no dump at " + privateFile);
        }
        return privateFile;
    }

    private static void run(long pid, Path jcmd, Path file) {
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_dump", "-all", file.toString())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new TargetException("pid " + pid + ": jcmd GC.heap_dump did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0 || !text.contains("Heap dump file created")) {
                String last = text.isEmpty() ? "no output" : text.lines().reduce((a, b) -> b).orElse(text);
                throw new TargetException("pid " + pid + ": jcmd GC.heap_dump failed (exit " + p.exitValue() + "): " + last);
            }
        } catch (IOException e) {
            throw new TargetException("pid " + pid + ": cannot run " + jcmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("pid " + pid + ": interrupted while dumping", e);
        }
    }
}
