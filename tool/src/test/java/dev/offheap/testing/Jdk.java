package dev.offheap.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDKs integration tests start targets with: OpenJDK 17 (the default java) and Temurin 25. */
public enum Jdk {
    JDK17(17), JDK25(25);

    public final int major;

    Jdk(int major) {
        this.major = major;
    }

    public Path home() {
        String home = switch (this) {
            case JDK17 -> System.getProperty("offheap.jdk17.home",
                    Runtime.version().feature() == 17 ? System.getProperty("java.home") : "/usr/lib/jvm/java-17-openjdk-amd64");
            case JDK25 -> System.getProperty("offheap.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64");
        };
        return Path.of(home);
    }

    public Path java() {
        return home().resolve("bin/java");
    }

    public boolean installed() {
        return Files.isExecutable(java());
    }
}
