/*
 * The floor of page-fault sampling: the cost of one page fault of this process without a perf event, with a
 * software page-faults event counting only (a period it never reaches), and with one sampling every PERIOD faults
 * into a ring buffer (as async-profiler opens it per thread: callchain, precise_ip 2, disabled until enabled). No
 * signal handler: the sample is written by the kernel and never read, so what is measured is the kernel's side.
 * Each round maps 8 MiB, touches every 4 KiB page once and unmaps it; the three states interleaved, fastest of
 * ROUNDS rounds per state.
 * Usage: pagefault-floor [PERIOD] [ROUNDS]        prints ns per fault for: none, counting, sampling
 * Build: gcc -O2 -o pagefault-floor bench/pagefault-floor.c
 */
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SIZE (8L << 20)

static double round_ns(void) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    char* p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    for (long i = 0; i < SIZE; i += 4096) {
        p[i] = 1;
    }
    munmap(p, SIZE);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (SIZE / 4096);
}

static int open_event(long period) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_PAGE_FAULTS;
    attr.sample_period = period;
    attr.sample_type = PERF_SAMPLE_CALLCHAIN;
    attr.precise_ip = 2;
    attr.disabled = 1;
    attr.exclude_callchain_kernel = 1;
    int fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) {
        perror("perf_event_open");
        exit(1);
    }
    return fd;
}

int main(int argc, char** argv) {
    long period = argc > 1 ? atol(argv[1]) : 1;
    int rounds = argc > 2 ? atoi(argv[2]) : 300;
    int counting = open_event(1L << 62);
    int sampling = open_event(period);
    void* ring = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, sampling, 0);
    if (ring == MAP_FAILED) {
        perror("mmap ring");
        return 1;
    }
    double best[3] = {1e18, 1e18, 1e18};
    for (int r = 0; r < rounds; r++) { // the states interleaved, so that the machine's noise hits all three alike
        for (int state = 0; state < 3; state++) {
            int fd = state == 1 ? counting : state == 2 ? sampling : -1;
            if (fd >= 0) {
                ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
            }
            double ns = round_ns();
            if (fd >= 0) {
                ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
            }
            if (ns < best[state]) {
                best[state] = ns;
            }
        }
    }
    printf("%.1f %.1f %.1f\n", best[0], best[1], best[2]);
    return 0;
}
