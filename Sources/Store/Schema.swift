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

    /// Data changes SQL cannot express, run right after the section of the same version and in
    /// its transaction (so a migration is still all or nothing). Keep them few and say in the
    /// section's comment that they exist.
    static let dataMigrations: [Int: @Sendable (Connection) throws(StoreError) -> Void] = [
        2: rehashPlaintextQuantTokens,
    ]

    /// Version 2: Quant tokens were stored in plaintext, as key_id = the token and
    /// secret_hash = `quant:<utf8 length of org>:<org>:<token>`. SQLite has no SHA-256, so each
    /// such row is rewritten here: secret_hash = `APIKeyRecord.hash(secret:dialect:tenant:)`,
    /// key_id = `APIKeyRecord.derivedKeyID`. Rows not in that exact form are left alone.
    static func rehashPlaintextQuantTokens(_ conn: Connection) throws(StoreError) {
        var rows: [(seq: Int64, tenant: String, token: String)] = []
        do {
            var st = try conn.prepared(text: "SELECT seq, tenant, key_id, secret_hash FROM api_keys WHERE dialect = 'quant'")
            defer { st.reset() }
            while try st.step() {
                let tenant = st.text(1), token = st.text(2)
                guard st.text(3) == "quant:\(tenant.utf8.count):\(tenant):\(token)" else { continue }
                rows.append((st.int64(0), tenant, token))
            }
        }
        guard !rows.isEmpty else { return }
        var update = try conn.prepared(text: "UPDATE api_keys SET secret_hash = :secret_hash, key_id = :key_id WHERE seq = :id")
        defer { update.reset() }
        for r in rows {
            let hash = APIKeyRecord.hash(secret: r.token, dialect: "quant", tenant: r.tenant)
            update.reset()
            update.bind(.secretHash, hash)
            update.bind(.keyID, APIKeyRecord.derivedKeyID(secretHash: hash))
            update.bind(.id, r.seq)
            try update.run()
        }
    }

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
                try dataMigrations[m.version]?(conn)
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
