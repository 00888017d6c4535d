/*
 * nuts_clock: moves a process's wall clock (CLOCK_REALTIME, gettimeofday, time) forward by the
 * number of seconds written in the file named by $NUTS_CLOCK_FILE ("+86400" = one day ahead),
 * re-read at most once a second. Monotonic clocks are left alone, so timers keep working.
 *
 * The live-node tests preload it into substrate-contracts-node (LD_PRELOAD) to reach due times
 * days away in seconds. libfaketime does the same in general but cannot start this node: its
 * initialisation and the node's allocator (jemalloc) call each other's clock_gettime. This
 * shim allocates nothing and reads the real clock with the raw system call, so it cannot
 * recurse.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile long long offset_seconds = 0;
static volatile time_t last_read = 0;

static void refresh(time_t now) {
    if (now == last_read) return;
    last_read = now;
    const char *file = getenv("NUTS_CLOCK_FILE");
    if (!file) return;
    int fd = open(file, O_RDONLY);
    if (fd < 0) return;
    char text[32];
    ssize_t length = read(fd, text, sizeof text - 1);
    close(fd);
    if (length <= 0) return;
    long long value = 0;
    int at = (text[0] == '+') ? 1 : 0;
    for (; at < length && text[at] >= '0' && text[at] <= '9'; at++) value = value * 10 + (text[at] - '0');
    offset_seconds = value;
}

int clock_gettime(clockid_t clock, struct timespec *now) {
    int result = (int)syscall(SYS_clock_gettime, clock, now);
    if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) {
        refresh(now->tv_sec);
        now->tv_sec += offset_seconds;
    }
    return result;
}

int gettimeofday(struct timeval *__restrict tv, void *__restrict tz) {
    (void)tz;
    struct timespec now;
    int result = clock_gettime(CLOCK_REALTIME, &now);
    if (result == 0) {
        tv->tv_sec = now.tv_sec;
        tv->tv_usec = now.tv_nsec / 1000;
    }
    return result;
}

time_t time(time_t *out) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (out) *out = now.tv_sec;
    return now.tv_sec;
}
