// Linux system calls and constants that Swift's Glibc module does not bring: timerfd (wall
// clock timers that survive suspend and notice clock changes), eventfd and posix_spawn's setsid flag.
#ifndef MUSICDIFF_CLINUX_SHIM_H
#define MUSICDIFF_CLINUX_SHIM_H

#include <malloc.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/timerfd.h>

// POSIX_SPAWN_SETSID is a GNU extension (glibc 2.26), hidden unless _GNU_SOURCE was set
// before <spawn.h> was first read; its value is fixed by glibc's ABI.
#ifdef POSIX_SPAWN_SETSID
static const short musicdiff_spawn_setsid = POSIX_SPAWN_SETSID;
#else
static const short musicdiff_spawn_setsid = 0x80;
#endif

// Closes every descriptor from `from` up in the spawned child (glibc 2.34, a GNU extension
// whose prototype is hidden without _GNU_SOURCE), so that no pipe of the parent leaks into a
// daemon that outlives it.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

#endif
