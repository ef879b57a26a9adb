#if canImport(Glibc)
import CLinux
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few calls that differ between Linux and Darwin, each behind one small branch. Only the
/// Linux side is built and tested here; see docs/architecture.md for what is untested on Darwin.
enum Platform {
    /// Milliseconds of a clock that never goes back (timeouts; not wall time).
    static func monotonicMillis() -> Int64 {
        #if canImport(Glibc)
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
        #else
        return Int64(clock_gettime_nsec_np(CLOCK_MONOTONIC) / 1_000_000)
        #endif
    }

    /// CPUs this process may run on, at least 1. On Linux this honours `taskset` and cgroup
    /// cpusets (sched_getaffinity); Darwin has no affinity, so it is the online CPU count.
    static func availableCPUs() -> Int {
        #if canImport(Glibc)
        return Int(pt_available_cpus())
        #else
        return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
        #endif
    }

    /// `SOCK_STREAM` (an enum on Glibc, a macro on Darwin).
    static var streamSocketType: Int32 {
        #if canImport(Glibc)
        return Int32(SOCK_STREAM.rawValue)
        #else
        return SOCK_STREAM
        #endif
    }

    /// Extra `socket(2)` type flags: close-on-exec at creation on Linux (Darwin sets it with fcntl).
    static var socketCreateFlags: Int32 {
        #if canImport(Glibc)
        return Int32(SOCK_CLOEXEC.rawValue)
        #else
        return 0
        #endif
    }

    /// Flags for `send(2)`: Linux suppresses SIGPIPE per call; Darwin per socket (`SO_NOSIGPIPE`,
    /// set in `configureAccepted`).
    static var sendFlags: Int32 {
        #if canImport(Glibc)
        return Int32(MSG_NOSIGNAL)
        #else
        return 0
        #endif
    }

    /// Accepts one connection as a non-blocking, close-on-exec socket, or returns -1 with errno set.
    static func accept(_ listener: Int32) -> Int32 {
        #if canImport(Glibc)
        return pt_accept(listener)  // accept4(SOCK_NONBLOCK | SOCK_CLOEXEC): one call
        #else
        let fd = Darwin.accept(listener, nil, nil)
        if fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return fd
        #endif
    }

    /// Per-socket options of an accepted connection: no Nagle delay (responses are one write
    /// each), and on Darwin no SIGPIPE.
    static func configureAccepted(_ fd: Int32) {
        setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        #if canImport(Darwin)
        setOption(fd, SOL_SOCKET, SO_NOSIGPIPE, 1)
        #endif
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var v = value
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    static func closeDescriptor(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }

    static func errnoText(_ e: Int32 = errno) -> String { String(cString: strerror(e)) }
}
