import JSON

/// One request as the journal keeps it.
public struct JournalEntry: Sendable, Equatable {
    /// Order of arrival in this process (1, 2, ...): stable across a clear, so a client can
    /// ask for "everything after N".
    public var sequence: UInt64
    /// Wall-clock Unix ms when the request reached the router (the store clock may be frozen).
    public var receivedAt: Int64
    public var method: String
    /// The request target, query included.
    public var target: String
    public var dialect: String?
    public var tenant: String?
    /// The matched route template, nil when no route matched.
    public var route: String?
    public var status: Int
    public var latencyMicros: Int64
    public var requestID: String
    /// Bodies are kept only with `--journal-bodies`, cut to `--journal-body-limit` bytes.
    public var requestBody: String?
    public var responseBody: String?

    public init(sequence: UInt64, receivedAt: Int64, method: String, target: String, dialect: String?, tenant: String?,
                route: String?, status: Int, latencyMicros: Int64, requestID: String, requestBody: String?, responseBody: String?) {
        self.sequence = sequence
        self.receivedAt = receivedAt
        self.method = method
        self.target = target
        self.dialect = dialect
        self.tenant = tenant
        self.route = route
        self.status = status
        self.latencyMicros = latencyMicros
        self.requestID = requestID
        self.requestBody = requestBody
        self.responseBody = responseBody
    }

    var json: JSONValue {
        var o: [String: JSONValue] = [
            "sequence": .int(Int64(sequence)), "receivedAt": .int(receivedAt), "method": .string(method),
            "path": .string(target), "status": .int(Int64(status)), "latencyMs": .double(Double(latencyMicros) / 1000),
            "requestId": .string(requestID),
        ]
        o["dialect"] = dialect.map(JSONValue.string) ?? .null
        o["tenant"] = tenant.map(JSONValue.string) ?? .null
        o["route"] = route.map(JSONValue.string) ?? .null
        if let requestBody { o["requestBody"] = .string(requestBody) }
        if let responseBody { o["responseBody"] = .string(responseBody) }
        return .object(o)
    }
}
