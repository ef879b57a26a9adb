import Glibc

// StoreTool: the task store's benchmark and the durability test's child process.
//   StoreTool bench --tasks 10000 [--db PATH] [--seconds 2] [--writers 16] [--readers 4]
//   StoreTool durability-child --db PATH [--writers 4] [--count N]
let args = Arguments(CommandLine.arguments)
switch args.command {
case "bench":
    exit(Bench.run(args))
case "durability-child":
    exit(DurabilityChild.run(args))
default:
    print("""
        usage:
          StoreTool bench --tasks N [--db PATH] [--seconds S] [--writers W] [--readers R] [--keep]
          StoreTool durability-child --db PATH [--writers W] [--count N]
        """)
    exit(args.command == "help" ? 0 : 2)
}
