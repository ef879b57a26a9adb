// swift-tools-version:6.0
//
// polytask: four vendors' task APIs on one port, over one SQLite task store.
// No package dependencies by design: only what the Swift toolchain ships, plus the
// system SQLite through the `CSQLite` system-library target (the way GRDB does it).
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "polytask",
    // Mutex and Atomic (Synchronization) need macOS 15. Linux is what is built and tested.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "polytask", targets: ["polytask"]),
    ],
    targets: [
        // System SQLite (libsqlite3-dev) behind a small C shim header.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // JSON value, parser and byte writer (our fast path; no Foundation coders on hot paths).
        .target(name: "JSON", swiftSettings: strict),
        // SHA-256 and HMAC-SHA256 (API-key hashing, webhook signatures), tested on the standard vectors.
        .target(name: "Digest", swiftSettings: strict),
        // Pure HTTP/1.1: bytes in, request messages out, responses out as bytes. No sockets.
        .target(name: "HTTP1", swiftSettings: strict),
        // Method + path-template router, route groups with middleware chains, typed contexts,
        // query parsing, per-prefix error shapes, the offload pool for costly routes.
        .target(name: "Routing", dependencies: ["HTTP1", "JSON"], swiftSettings: strict),
        // UTC calendar arithmetic and ISO-8601 parsing on Unix milliseconds (no Foundation).
        .target(name: "Timestamps", swiftSettings: strict),
        // Vendor-stack flavours, shared by the dialects that run on the same stack:
        // FastAPI/pydantic (Amigo, Chamelio) and a JavaScript backend (Quant, NLA's Next.js API).
        .target(name: "FastAPI", dependencies: ["Routing", "HTTP1", "JSON", "Timestamps"],
                path: "Sources/Flavours/FastAPI", swiftSettings: strict),
        .target(name: "JSBackend", dependencies: ["Routing", "HTTP1", "JSON", "Timestamps"],
                path: "Sources/Flavours/JSBackend", swiftSettings: strict),
        // epoll, eventfd, accept4, CPU affinity and thread names, which Glibc's Swift module does
        // not import. Linux only.
        .target(name: "CLinux"),
        // Sockets, event loops (epoll or Dispatch), connections, limits and timeouts. The only code
        // that touches sockets.
        .target(name: "Server", dependencies: ["HTTP1", .target(name: "CLinux", condition: .when(platforms: [.linux]))],
                swiftSettings: strict),
        // The SQLite task store. The only code that touches SQL. schema.sql is embedded at build time.
        // Digest: the store hashes credentials itself (APIKeyRecord.hash), so they are stored one way.
        .target(name: "Store", dependencies: ["CSQLite", "JSON", "Digest"],
                resources: [.embedInCode("schema.sql")], swiftSettings: strict),
        // What makes polytask an emulator, shared by every dialect: the Dialect protocol the
        // control plane speaks to, lifecycle modes and where they live.
        .target(name: "Emulator", dependencies: ["Routing", "Store", "JSON", "HTTP1", "Timestamps"], swiftSettings: strict),
        // Vendor dialects: thin adapters over the one task model.
        .target(name: "Quant", dependencies: ["Emulator", "Routing", "Store", "JSON", "HTTP1", "JSBackend"],
                path: "Sources/Dialects/Quant", swiftSettings: strict),
        .target(name: "Amigo", dependencies: ["Emulator", "Routing", "Store", "JSON", "HTTP1", "Digest", "FastAPI", "Timestamps"],
                path: "Sources/Dialects/Amigo", swiftSettings: strict),
        .target(name: "AgentTask", dependencies: ["Emulator", "Routing", "Store", "JSON", "HTTP1", "JSBackend", "Timestamps"],
                path: "Sources/Dialects/AgentTask", swiftSettings: strict),
        .target(name: "Chamelio", dependencies: ["Emulator", "Routing", "Store", "JSON", "HTTP1", "Digest", "FastAPI", "Timestamps"],
                path: "Sources/Dialects/Chamelio", swiftSettings: strict),
        // The emulator's own control plane under /_polytask/.
        .target(name: "Control", dependencies: ["Emulator", "Server", "Routing", "Store", "JSON", "HTTP1", "Digest"],
                resources: [.embedInCode("control-openapi.json")], swiftSettings: strict),
        // Thin executable: options, wiring, signals.
        .executableTarget(name: "polytask",
                          dependencies: ["Server", "Emulator", "Routing", "Store", "Quant", "Amigo", "AgentTask", "Chamelio", "Control", "JSON", "HTTP1", "Digest"],
                          swiftSettings: strict),

        // Store benchmark and the durability test's child process (writes, reports, gets SIGKILL).
        .executableTarget(name: "StoreTool", dependencies: ["Store", "JSON"], swiftSettings: strict),
        // libFuzzer targets (`make fuzz FUZZ_TARGET=parser|json|seed|router|all`): the request
        // parser, the JSON parser under each runtime's options, the streamed seed splitter, and
        // the router's matching and percent-decoding. A plain build replays files through the
        // same check (FuzzSupport: driver lookup, replay, file reading), so they build with
        // everything else; each target's *Harness.swift is its oracle, shared with the tests.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport", swiftSettings: strict),
        .executableTarget(name: "ParserFuzz", dependencies: ["FuzzSupport", "HTTP1"], path: "Fuzz/ParserFuzz", swiftSettings: strict),
        .executableTarget(name: "JSONFuzz", dependencies: ["FuzzSupport", "JSON", "FastAPI", "JSBackend"], path: "Fuzz/JSONFuzz",
                          swiftSettings: strict),
        .executableTarget(name: "SeedFuzz", dependencies: ["FuzzSupport", "JSON"], path: "Fuzz/SeedFuzz", swiftSettings: strict),
        .executableTarget(name: "RouterFuzz", dependencies: ["FuzzSupport", "Routing", "HTTP1"], path: "Fuzz/RouterFuzz",
                          swiftSettings: strict),

        // The dialects' test bed: a dialect and the control plane on an in-memory store with a
        // frozen clock, answering through the router (no sockets). Used by the dialect test targets.
        .target(name: "DialectTestSupport", dependencies: ["Control", "Emulator", "Routing", "Store", "JSON", "HTTP1"],
                path: "Tests/DialectTestSupport", swiftSettings: strict),

        .testTarget(name: "DigestTests", dependencies: ["Digest"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1", "FuzzSupport"], exclude: ["Regressions"], swiftSettings: strict),
        // Replays the JSON, seed and router fuzzers' kept findings (Regressions/<target>/) through
        // their oracles (the harness files, linked in from Fuzz/).
        .testTarget(name: "FuzzTests", dependencies: ["FuzzSupport", "JSON", "FastAPI", "JSBackend", "Routing", "HTTP1"],
                    exclude: ["Regressions"], swiftSettings: strict),
        // Connection and EventLoop driven in-process against a fake backend, fake sockets and a
        // hand-set clock (pipelining, backpressure, the timeout tick).
        .testTarget(name: "ServerTests", dependencies: ["Server", "HTTP1"], swiftSettings: strict),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "HTTP1", "JSON"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "JSON", "CSQLite"], swiftSettings: strict),
        .testTarget(name: "QuantTests", dependencies: ["DialectTestSupport", "Quant", "Control", "Emulator", "Routing", "Store", "JSON", "HTTP1"], swiftSettings: strict),
        .testTarget(name: "AmigoTests", dependencies: ["DialectTestSupport", "Amigo", "Control", "Emulator", "FastAPI", "Routing", "Store", "JSON", "HTTP1"], swiftSettings: strict),
        .testTarget(name: "AgentTaskTests", dependencies: ["DialectTestSupport", "AgentTask", "Control", "Emulator", "Routing", "Store", "JSON", "HTTP1"],
                    swiftSettings: strict),
        .testTarget(name: "ChamelioTests", dependencies: ["DialectTestSupport", "Chamelio", "Control", "Emulator", "FastAPI", "Routing", "Store", "JSON", "HTTP1", "Digest"],
                    swiftSettings: strict),
        .testTarget(name: "ControlTests", dependencies: ["Control", "Emulator", "JSON", "HTTP1", "Routing", "Store"],
                    swiftSettings: strict),
        .testTarget(name: "FlavourTests", dependencies: ["FastAPI", "JSBackend", "Timestamps", "JSON", "Routing", "HTTP1"],
                    swiftSettings: strict),
    ]
)
