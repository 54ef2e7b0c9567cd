package dev.offheap.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offheap.model.LibraryName;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Extracted copies of JNI libraries named by their origin: a class path resource, the JNI package, or a marked guess. */
class ExtractedNamesTest {
    // zstd-jni 1.5.7-6 and netty-tcnative carry one copy per platform under the same name
    private static final List<String> RESOURCES = List.of("aix/ppc64/libzstd-jni-1.5.7-6.so", "linux/amd64/libzstd-jni-1.5.7-6.so",
            "linux/aarch64/libzstd-jni-1.5.7-6.so", "darwin/x86_64/libzstd-jni-1.5.7-6.dylib",
            "com/sun/jna/linux-x86-64/libjnidispatch.so", "com/sun/jna/linux-aarch64/libjnidispatch.so",
            "com/sun/jna/linux-musl-x86-64/libjnidispatch.so", "META-INF/native/libnetty_tcnative_linux_x86_64.so");

    @Test
    void aCopyNamedAfterItsResourceWithDigitsInsertedIsNamedByTheResourceForThisMachine() {
        LibraryName n = ExtractedNames.name("libzstd-jni-1.5.7-611053504353403609070.so", "/tmp/libzstd-jni-1.5.7-611053504353403609070.so",
                Set.of("com.github.luben.zstd"), RESOURCES, "amd64");
        assertThat(n).isEqualTo(new LibraryName("libzstd-jni-1.5.7-6.so", "libzstd-jni-1.5.7-611053504353403609070.so",
                "/tmp/libzstd-jni-1.5.7-611053504353403609070.so", "extracted from the class path resource linux/amd64/libzstd-jni-1.5.7-6.so"));
        // the prefix ends in digits too: "x86_64" + "6762387475311828397"
        assertThat(ExtractedNames.name("libnetty_tcnative_linux_x86_646762387475311828397.so", null, Set.of(), RESOURCES, "amd64").shown())
                .isEqualTo("libnetty_tcnative_linux_x86_64.so");
    }

    @Test
    void aCopyWhoseNameSaysNothingIsNamedByTheOneResourceOfThisMachineInItsJniPackage() {
        LibraryName n = ExtractedNames.name("jna6961768071334614742.tmp", null, Set.of("com.sun.jna"), RESOURCES, "amd64");
        assertThat(n.shown()).isEqualTo("libjnidispatch.so");
        assertThat(n.how()).isEqualTo("the JNI library of com.sun.jna, extracted from the class path resource"
                + " com/sun/jna/linux-x86-64/libjnidispatch.so");
        assertThat(ExtractedNames.name("jna6961768071334614742.tmp", null, Set.of("com.sun.jna"), RESOURCES, "aarch64").how())
                .endsWith("com/sun/jna/linux-aarch64/libjnidispatch.so");
    }

    @Test
    void aCopyNamedByItsPrefixAloneIsNamedByTheOneResourceOfThisMachineWithThatPrefix() {
        // rocksdbjni 10.10.1.1 (linux64 jar): NativeLibraryLoader copies its platform's library as librocksdbjni + digits + .so
        List<String> rocks = List.of("librocksdbjni-linux-ppc64le.so", "librocksdbjni-linux-s390x.so",
                "librocksdbjni-linux-aarch64.so", "librocksdbjni-linux64.so", "librocksdbjni-linux-riscv64.so");
        LibraryName n = ExtractedNames.name("librocksdbjni14569942562881122140.so", null, Set.of("org.rocksdb"), rocks, "amd64");
        assertThat(n.shown()).isEqualTo("librocksdbjni-linux64.so");
        assertThat(n.how()).isEqualTo("extracted from the class path resource librocksdbjni-linux64.so (the one of this"
                + " machine named librocksdbjni…)");
        assertThat(ExtractedNames.name("librocksdbjni14569942562881122140.so", null, Set.of(), rocks, "aarch64").shown())
                .isEqualTo("librocksdbjni-linux-aarch64.so");
        // two of this machine with the prefix: no choice is made
        assertThat(ExtractedNames.name("librocksdbjni14569942562881122140.so", null, Set.of(),
                List.of("librocksdbjni-linux64.so", "librocksdbjni-linux64-musl2.so", "x/librocksdbjni-linux-x86_64.so"), "amd64")
                .how()).startsWith("an extracted copy");
    }

    @Test
    void withoutAResourceTheRandomDigitsAreShownAsAStarAndMarkedAsAGuess() {
        LibraryName n = ExtractedNames.name("jna6961768071334614742.tmp", null, Set.of("com.sun.jna"), List.of(), "amd64");
        assertThat(n.shown()).isEqualTo("jna*.tmp");
        assertThat(n.how()).isEqualTo("an extracted copy (random digits shown as *: a guess); its JNI functions are those of com.sun.jna");
        assertThat(ExtractedNames.name("libfoo-1.2.311053504353403609070.so", null, Set.of(), List.of(), "amd64").shown())
                .isEqualTo("libfoo-1.2.31*.so");
    }

    @Test
    void anOrdinaryLibraryKeepsItsName() {
        assertThat(ExtractedNames.looksExtracted("libz.so.1.2.13")).isFalse();
        assertThat(ExtractedNames.looksExtracted("libjvm.so")).isFalse();
        LibraryName n = ExtractedNames.name("libzip.so", "/usr/lib/jvm/x/lib/libzip.so", Set.of("java.util.zip"), RESOURCES, "amd64");
        assertThat(n.renamed()).isFalse();
        assertThat(n.how()).isNull();
    }
}
