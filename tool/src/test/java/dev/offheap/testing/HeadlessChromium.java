package dev.offheap.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's {@code chromium} run headless on a local HTML file: the DOM after loading ({@code --dump-dom}), a PNG
 * screenshot, and the browser's log on stderr (console messages, errors). Every run gets a fresh user-data-dir,
 * deleted afterwards; the process is killed by its handle if it hangs.
 */
public final class HeadlessChromium {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 60;

    private HeadlessChromium() {
    }

    /** What one run printed: stdout (the DOM with --dump-dom) and stderr (the log). */
    public record Run(int exitCode, String stdout, String log) {
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Loads {@code page} and prints its DOM after scripts (if any) ran. */
    public static Run dumpDom(Path page) {
        return run(page, "--dump-dom");
    }

    /** Loads {@code page} and writes a screenshot of the top 1280×2000 pixels to {@code png}. */
    public static Run screenshot(Path page, Path png) {
        return run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,2000", "--hide-scrollbars");
    }

    private static Run run(Path page, String... what) {
        Path profile = null;
        Process p = null;
        try {
            profile = Files.createTempDirectory("offheap-chromium-");
            List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--enable-logging=stderr",
                    "--v=0", "--user-data-dir=" + profile, "--crash-dumps-dir=" + profile));
            cmd.addAll(List.of(what));
            cmd.add(page.toAbsolutePath().toUri().toString());
            Path out = profile.resolve("stdout.txt");
            Path err = profile.resolve("stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(profile.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // chromium's own files (~/.pki, ~/.cache, /tmp/.org.chromium.*) go into the private folder too
            pb.environment().put("HOME", profile.toString());
            pb.environment().put("TMPDIR", profile.toString());
            p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("chromium did not finish in " + TIMEOUT_SECONDS + " s on " + page);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            TargetJvm.deleteTree(profile);
        }
    }

    /** Lines of a chromium log that report a JavaScript or page error ("Uncaught …", CONSOLE errors, CSP refusals). */
    public static List<String> pageErrors(String log) {
        return log.lines().filter(l -> l.contains("Uncaught") || l.contains(":CONSOLE") || l.contains("Content Security Policy")
                || l.contains("Refused to")).toList();
    }

    /** Number of distinct colours in a region of a PNG (a blank or one-colour page gives 1 or 2). */
    public static int distinctColours(Path png, int x, int y, int width, int height) {
        try {
            BufferedImage img = ImageIO.read(png.toFile());
            Set<Integer> colours = new HashSet<>();
            for (int j = y; j < Math.min(y + height, img.getHeight()); j++) {
                for (int i = x; i < Math.min(x + width, img.getWidth()); i++) {
                    colours.add(img.getRGB(i, j) & 0xffffff);
                }
            }
            return colours.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
