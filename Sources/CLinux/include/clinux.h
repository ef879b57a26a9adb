// Linux APIs that Swift's Glibc module does not import (epoll, eventfd, accept4, CPU affinity,
// thread names, mallopt), exposed as plain functions and constants. Used only by the Server target, and
// only on Linux (Package.swift: `.when(platforms: [.linux])`).
#ifndef POLYTASK_CLINUX_H
#define POLYTASK_CLINUX_H
#include <stdint.h>

#define PT_EPOLLIN 0x001u
#define PT_EPOLLOUT 0x004u
#define PT_EPOLLERR 0x008u
#define PT_EPOLLHUP 0x010u
#define PT_EPOLLRDHUP 0x2000u

/// One ready event: the fd and its event mask.
typedef struct { int fd; uint32_t events; } pt_event;

int pt_epoll_create(void);
int pt_epoll_add(int epfd, int fd, uint32_t events);
int pt_epoll_mod(int epfd, int fd, uint32_t events);
int pt_epoll_del(int epfd, int fd);
/// Waits up to timeout_ms; fills `out` with at most `max` events; returns the count or -1.
int pt_epoll_wait(int epfd, pt_event *out, int max, int timeout_ms);
int pt_eventfd(void);
/// accept4 with SOCK_NONBLOCK and SOCK_CLOEXEC.
int pt_accept(int listener);
/// Number of CPUs this process may run on (honours taskset), at least 1.
int pt_available_cpus(void);
/// Names the calling thread (at most 15 bytes are kept), as shown in /proc/<pid>/task/*/comm.
void pt_set_thread_name(const char *name);
/// glibc's mallopt(M_ARENA_MAX, n): at most n malloc arenas. Returns 1 on success, 0 if refused.
int pt_malloc_arena_max(int n);
#endif
