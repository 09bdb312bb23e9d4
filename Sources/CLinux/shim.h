// Linux system calls and constants that Swift's Glibc module does not bring: timerfd (wall
// clock timers that survive suspend and notice clock changes), eventfd, inotify, pidfd and
// posix_spawn's setsid flag, a terminal's width, a process group's niceness and I/O priority.
#ifndef MUSICDIFF_CLINUX_SHIM_H
#define MUSICDIFF_CLINUX_SHIM_H

#include <malloc.h>
#include <spawn.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <unistd.h>

// POSIX_SPAWN_SETSID is a GNU extension (glibc 2.26), hidden unless _GNU_SOURCE was set
// before <spawn.h> was first read; its value is fixed by glibc's ABI.
#ifdef POSIX_SPAWN_SETSID
static const short musicdiff_spawn_setsid = POSIX_SPAWN_SETSID;
#else
static const short musicdiff_spawn_setsid = 0x80;
#endif

// pidfd_open(2) and pidfd_send_signal(2) (Linux 5.1 and 5.3), which glibc 2.36 declares no
// wrapper for: a descriptor naming one process, so that a signal cannot reach another
// process that reused its pid. The numbers are the same on every architecture.
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
static inline int musicdiff_pidfd_open(int pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }
static inline int musicdiff_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, (void *)0, 0);
}

// Closes every descriptor from `from` up in the spawned child (glibc 2.34, a GNU extension
// whose prototype is hidden without _GNU_SOURCE), so that no pipe of the parent leaks into a
// daemon that outlives it.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

// The niceness of every process in group `pgid` (setpriority(2) with PRIO_PGRP, whose
// enum type Swift imports awkwardly): 0 or -1 with errno.
static inline int musicdiff_set_group_nice(int pgid, int nice) {
    return setpriority(PRIO_PGRP, (id_t)pgid, nice);
}

// The I/O priority of every process in group `pgid`: ioprio_set(2) with IOPRIO_WHO_PGRP,
// which glibc has no wrapper for; `ioclass` 1 real-time, 2 best-effort, 3 idle, `level` 0-7.
// 0 or -1 with errno.
static inline int musicdiff_set_group_ioprio(int pgid, int ioclass, int level) {
    return (int)syscall(SYS_ioprio_set, 2 /* IOPRIO_WHO_PGRP */, pgid, (ioclass << 13) | level);
}

// The columns of the terminal on `fd` (TIOCGWINSZ; ioctl is variadic, which Swift cannot
// call); 0 when `fd` is no terminal or its size is unknown.
static inline int musicdiff_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

#endif
