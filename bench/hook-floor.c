// The floor of malloc profiling with async-profiler: what its malloc hooks cost per malloc/free pair of 256 bytes in
// a plain C loop, with the library offheap ships (loaded through its C API, asprof.h): no hooks, hooks sampling
// (nativemem=INTERVAL, nofree: a counter update per malloc, a JFR event with a DWARF stack walk per INTERVAL bytes),
// hooks idle after stop (async-profiler leaves the GOT patched). Fastest of ROUNDS runs of PAIRS pairs each.
// Built and run by bench/hook-floor.sh.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef const char* asprof_error_t;
typedef void (*asprof_writer_t)(const char* buf, size_t size);

static double pairs(long n) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) {
        volatile char* p = malloc(256);
        p[0] = (char) i;
        free((void*) p);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
}

static double best(int rounds, long n) {
    double m = 1e9;
    for (int r = 0; r < rounds; r++) {
        double v = pairs(n);
        if (v < m) m = v;
    }
    return m;
}

int main(int argc, char** argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: hookfloor LIBASYNCPROFILER INTERVAL OUTFILE [ROUNDS] [PAIRS]\n");
        return 2;
    }
    int rounds = argc > 4 ? atoi(argv[4]) : 7;
    long n = argc > 5 ? atol(argv[5]) : 20000000;
    pairs(n); // warm-up
    double before = best(rounds, n);
    void* lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
    void (*init)() = (void (*)()) dlsym(lib, "asprof_init");
    asprof_error_t (*exec)(const char*, asprof_writer_t) = (asprof_error_t (*)(const char*, asprof_writer_t)) dlsym(lib, "asprof_execute");
    const char* (*errstr)(asprof_error_t) = (const char* (*)(asprof_error_t)) dlsym(lib, "asprof_error_str");
    init();
    double loaded = best(rounds, n);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "start,event=nativemem,nativemem=%s,nofree,cstack=dwarf,jfr,file=%s", argv[2], argv[3]);
    asprof_error_t e = exec(cmd, NULL);
    if (e) { fprintf(stderr, "start: %s\n", errstr(e)); return 1; }
    double sampling = best(rounds, n);
    e = exec("stop", NULL);
    if (e) { fprintf(stderr, "stop: %s\n", errstr(e)); return 1; }
    double idle = best(rounds, n);
    printf("%.2f %.2f %.2f %.2f\n", before, loaded, sampling, idle);
    return 0;
}
