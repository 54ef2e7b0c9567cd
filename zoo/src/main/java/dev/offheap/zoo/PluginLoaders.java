package dev.offheap.zoo;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A plugin loader per call: {@code args[0]} times per second (default 100) a new {@link URLClassLoader} over the
 * zoo's own code (its jar or classes folder, parent: the platform loader) loads the plugin class {@link Gen000000}
 * from it, runs it once, and keeps plugin and loader (never closed), as a server does that loads a script or plugin
 * afresh for each request. No script engine ships with JDK 15+ (Nashorn was removed), so plugins stand in for scripts.
 */
public final class PluginLoaders {
    private static final List<Object> KEPT = new ArrayList<>();

    private PluginLoaders() {
    }

    public static void main(String[] args) throws Exception {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        URL code = PluginLoaders.class.getProtectionDomain().getCodeSource().getLocation();
        boolean announced = false;
        while (true) {
            long start = System.nanoTime();
            for (int i = 0; i < Math.max(1, perSecond / 10); i++) {
                URLClassLoader loader = new URLClassLoader("plugin", new URL[] {code}, ClassLoader.getPlatformClassLoader());
                Runnable plugin = (Runnable) loader.loadClass(Gen000000.class.getName()).getDeclaredConstructor().newInstance();
                plugin.run();
                KEPT.add(plugin);
                KEPT.add(loader);
            }
            if (!announced) {
                Ready.announce();
                announced = true;
            }
            Thread.sleep(Math.max(0, 100 - (System.nanoTime() - start) / 1_000_000));
        }
    }
}
