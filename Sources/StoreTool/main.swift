#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// StoreTool: the task store's benchmark and the durability test's child process.
//   StoreTool bench --tasks 10000[,1000000] [--db PATH] [--seconds 2] [--writers 16] [--readers 4]
//                   [--writer-cache-kib 1024] [--reader-cache-kib 1024] [--mmap-bytes 0]
//   StoreTool durability-child --db PATH [--writers 4] [--count N]
let args = Arguments(CommandLine.arguments)
switch args.command {
case "bench":
    // --tasks takes a comma-separated list: one full run per size, smallest first.
    let sizes = (args.string("tasks") ?? "10000").split(separator: ",").compactMap { Int($0) }
    for n in sizes.isEmpty ? [10_000] : sizes {
        let rc = Bench.run(args, tasks: n)
        if rc != 0 { exit(rc) }
        print("")
    }
    exit(0)
case "durability-child":
    exit(DurabilityChild.run(args))
default:
    print("""
        usage:
          StoreTool bench --tasks N[,N...] [--db PATH] [--seconds S] [--writers W] [--readers R] [--keep]
                          [--writer-cache-kib K] [--reader-cache-kib K] [--mmap-bytes B] [--only point,list,write]
          StoreTool durability-child --db PATH [--writers W] [--count N]
        """)
    exit(["help", "--help", "-h"].contains(args.command) ? 0 : 2)
}
