package dev.offheap.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The package of a JNI function's class, from its mangled name. */
class FaultLibrariesTest {
    @Test
    void theJniPackageOfAFunctionIsItsClassesPackageWithOrWithoutAnOverloadSignature() {
        assertThat(FaultLibraries.jniPackage("Java_com_sun_jna_Native_setMemory")).isEqualTo("com.sun.jna");
        // an overloaded native method: its argument signature follows "__" (rocksdbjni 10.10)
        assertThat(FaultLibraries.jniPackage("Java_org_rocksdb_WriteBatch_putJni__J_3BI_3BI")).isEqualTo("org.rocksdb");
        assertThat(FaultLibraries.jniPackage("Java_java_util_zip_Deflater_init")).isEqualTo("java.util.zip");
        assertThat(FaultLibraries.jniPackage("Java_Foo_bar")).isNull(); // a class in no package
    }
}
