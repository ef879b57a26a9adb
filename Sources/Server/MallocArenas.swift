#if canImport(Glibc)
import CLinux
#endif

/// glibc's cap on malloc arenas (`--malloc-arenas`).
///
/// glibc gives a thread that finds every arena busy an arena of its own, up to 8 per CPU, and
/// each arena keeps the memory freed into it. Dispatch's pool starts and retires threads as it
/// likes, so over a long run new arenas appear and RSS steps up: a 10-minute soak on
/// `--io dispatch` grew 15 % with a jump when a ninth thread appeared, against +5.5 % and no
/// jump with 2 arenas. Call it before any thread starts.
public enum MallocArenas {
    /// Caps the arenas at `count` (0 leaves glibc's default). False where the C library has no
    /// such setting (Darwin) or refuses it.
    @discardableResult
    public static func limit(_ count: Int) -> Bool {
        guard count > 0 else { return true }
        #if canImport(Glibc)
        return pt_malloc_arena_max(Int32(clamping: count)) == 1
        #else
        return false
        #endif
    }
}
