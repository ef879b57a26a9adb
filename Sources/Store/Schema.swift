/// Applies schema.sql (embedded at build time) as forward migrations keyed by
/// `PRAGMA user_version`. See the header of schema.sql for the file's format.
enum Schema {
    struct Migration: Equatable {
        let version: Int
        let sql: String
    }

    /// The sections of schema.sql, in file order. Text before the first `-- @version N`
    /// marker is commentary and ignored.
    static func migrations(_ text: String = String(decoding: PackageResources.schema_sql, as: UTF8.self)) throws(StoreError) -> [Migration] {
        var out: [Migration] = []
        var version: Int?
        var body = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- @version ") {
                if let v = version { out.append(Migration(version: v, sql: body)) }
                guard let v = Int(line.dropFirst("-- @version ".count).trimmingPrefixSpaces()),
                      v > (out.last?.version ?? 0) else {
                    throw .invalid("schema.sql: bad or out-of-order version marker: \(line)")
                }
                version = v
                body = ""
            } else if version != nil {
                body += line
                body += "\n"
            }
        }
        if let v = version { out.append(Migration(version: v, sql: body)) }
        return out
    }

    /// The highest version schema.sql defines.
    static var latestVersion: Int { (try? migrations().last?.version) ?? 0 }

    /// Brings the database up to the latest version, one transaction per migration. A
    /// database newer than this binary is refused rather than guessed at.
    static func apply(_ conn: Connection, migrations given: [Migration]? = nil) throws(StoreError) {
        let all: [Migration]
        if let given { all = given } else { all = try migrations() }
        let current = Int(try conn.pragmaText("PRAGMA user_version") ?? "0") ?? 0
        let latest = all.last?.version ?? 0
        if current > latest {
            throw .invalid("database schema version \(current) is newer than this binary supports (\(latest))")
        }
        for m in all where m.version > current {
            try conn.exec("BEGIN IMMEDIATE")
            do {
                try conn.exec(m.sql)
                try conn.exec("PRAGMA user_version = \(m.version)")
                try conn.exec("COMMIT")
            } catch {
                try? conn.exec("ROLLBACK")
                throw error
            }
        }
    }
}

private extension Substring {
    func trimmingPrefixSpaces() -> Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " || s.last == "\r" { s = s.dropLast() }
        return s
    }
}
