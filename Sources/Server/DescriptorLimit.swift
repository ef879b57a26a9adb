#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit (RLIMIT_NOFILE). Many systems start processes with a soft
/// limit of 1,024 and a far higher hard limit; every connection is a descriptor.
public enum DescriptorLimit {
    /// Raises the soft limit toward the hard limit (capped at `ceiling`, and at OPEN_MAX on
    /// Darwin, where setrlimit refuses more) and returns the soft limit now in force.
    @discardableResult
    public static func raise(ceiling: Int = 1 << 20) -> Int {
        var rl = rlimit()
        #if canImport(Glibc)
        let resource = Int32(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &rl) == 0 else { return 1024 }
        var target = rl.rlim_max == rlim_t.max ? rlim_t(ceiling) : min(rl.rlim_max, rlim_t(ceiling))
        #if canImport(Darwin)
        target = min(target, rlim_t(OPEN_MAX))
        #endif
        if target > rl.rlim_cur {
            var raised = rl
            raised.rlim_cur = target
            if setrlimit(resource, &raised) == 0 { rl = raised }
        }
        return rl.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(rl.rlim_cur)
    }
}
