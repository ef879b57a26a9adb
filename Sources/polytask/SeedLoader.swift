import Emulator
import JSON
import Routing

/// Loads seed documents at start. Each top-level key goes to the dialect of that name. The
/// file is streamed: items of `doc[dialect][tenant]` lists are parsed one at a time and handed
/// to the dialect in batches of `batchSize` (as `{"<tenant>": [items]}`, the shape every
/// dialect's `seed` takes), so neither the file nor its whole JSON tree is ever in memory.
struct SeedLoader {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let dialects: [any Dialect]
    var batchSize = 200

    func load(path: String) throws(Failure) {
        var splitter = JSONSeedSplitter()
        var batch: [JSONValue] = []
        var batchPart = ""
        var batchTenant = ""
        var warned = Set<String>()

        func dialect(_ part: String) -> (any Dialect)? {
            if let d = dialects.first(where: { $0.name == part }) { return d }
            if warned.insert(part).inserted { ProcessIO.warn("seed \(path): ignoring unknown part \"\(part)\"") }
            return nil
        }
        /// Hands `value` to the dialect named `part` (unknown parts are skipped, unparsed).
        func give(_ part: String, at place: String, _ value: () throws -> JSONValue) throws {
            guard let d = dialect(part) else { return }
            let v = try value()
            do { try d.seed(v) } catch { throw Failure(description: "seed \(path), \(place): \(error)") }
        }
        func flush() throws {
            guard !batch.isEmpty else { return }
            defer { batch.removeAll(keepingCapacity: true) }
            try give(batchPart, at: "\"\(batchPart)\" / \"\(batchTenant)\"") { .object([batchTenant: .array(batch)]) }
        }
        func parse(_ bytes: [UInt8]) throws -> JSONValue {
            do { return try JSONParser.parse(bytes, maxDepth: 256) } catch {
                throw Failure(description: "seed \(path) is not valid JSON: \(error)")
            }
        }
        func handle(_ event: JSONSeedSplitter.Event) throws {
            switch event {
            case .item(let part, let tenant, let bytes):
                if part != batchPart || tenant != batchTenant || batch.count >= batchSize {
                    try flush()
                    batchPart = part
                    batchTenant = tenant
                }
                batch.append(try parse(bytes))
            case .tenantValue(let part, let tenant, let bytes):
                try flush()
                try give(part, at: "\"\(part)\" / \"\(tenant)\"") { .object([tenant: try parse(bytes)]) }
            case .partValue(let part, let bytes):
                try flush()
                try give(part, at: "\"\(part)\"") { try parse(bytes) }
            }
        }

        do {
            let opened = try ProcessIO.readChunks(path: path) { chunk in try splitter.feed(chunk, handle) }
            guard opened else { throw Failure(description: "cannot read seed file \(path): \(ProcessIO.errnoText())") }
            try splitter.finish(handle)
            try flush()
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(description: "seed \(path) is not a valid seed document: \(error)")
        }
    }
}
