#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM/SIGINT handling without a race at start-up.
///
/// The signals are blocked first thing in `main`, before any thread exists, so every thread
/// inherits the mask and a signal that arrives at any moment stays pending. When start-up is
/// done the main thread takes it with `sigwait`. (A DispatchSource signal handler, by contrast,
/// is registered asynchronously after `resume()`: under CPU load a SIGTERM sent right after
/// the ready line could find the signal ignored and not yet watched, and be lost.)
enum Signals {
    private static func terminationSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }

    /// Call before any thread is created.
    static func blockTermination() {
        var set = terminationSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Ignores SIGXFSZ. A write past the file-size limit (`ulimit -f`, RLIMIT_FSIZE) otherwise
    /// kills the process with a core dump; ignored, the `write` fails with EFBIG, SQLite
    /// reports an I/O error, the store names it `.full`, and the request gets a 503 while
    /// reads go on. Call before any thread is created (the disposition is per process).
    static func ignoreFileSizeLimit() {
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Blocks the calling thread until SIGTERM or SIGINT arrives (or is already pending).
    @discardableResult
    static func waitForTermination() -> Int32 {
        var set = terminationSet()
        var sig: Int32 = 0
        while sigwait(&set, &sig) != 0 {}
        return sig
    }
}
