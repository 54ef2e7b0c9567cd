/*
 * The JNI library of the zoo's NativeLibraryLeak, as StrippedLibraryTest builds it: the memory is touched in an
 * internal function (fill_block), which a stripped library no longer names. With -DZERO_SIZE_EXPORT an exported label
 * of no size is placed where fill_block starts, as old toolchains leave _init/_fini in .dynsym: async-profiler then
 * names fill_block's code after it (the nearest earlier symbol without a size), which is wrong.
 * Build: gcc -O2 -fPIC -shared -I$JAVA_HOME/include -I$JAVA_HOME/include/linux -o lib.so leak.c && strip --strip-all lib.so
 */
#include <jni.h>
#include <stdlib.h>

static void* blocks[1 << 20];
static int count;

#ifdef ZERO_SIZE_EXPORT
__asm__(".text\n.globl zero_size_export\n.type zero_size_export,@function\nzero_size_export:\n");
#endif

__attribute__((noinline)) static char* fill_block(size_t n) {
    char* p = malloc(n);
    for (size_t i = 0; i < n; i += 64) {
        p[i] = (char) i;
    }
    return p;
}

JNIEXPORT void JNICALL Java_dev_offheap_zoo_NativeLibraryLeak_leak(JNIEnv* env, jclass c, jlong n) {
    blocks[count++ & ((1 << 20) - 1)] = fill_block((size_t) n);
}
