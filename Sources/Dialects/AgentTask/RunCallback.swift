import Store

/// The webhook a run sends when it ends and the client gave a `callback`: `POST
/// <callback>?taskId=<id>` (`&taskId=` if the URL already has a query) with
/// `Content-Type: application/json` and the task object as the body, exactly as `GET
/// /api/v1/task/{taskId}` shows the ended task.
///
/// Why the object and not the engine's double encoding: the design doc's engine posts
/// `json=task.model_dump_json()` (a JSON string holding JSON) on its internal hop to the
/// frontend, but the same doc says "The request body is a task object", and the callback a
/// client registers is sent by the public API, whose docs describe the task object. A client
/// reads the body with one `JSON.parse`.
///
/// Enqueued in the store's outbox in the same write as the change that ends the run (so it
/// exists if and only if the end was committed); the delivery worker sends and retries it
/// (`WebhookPolicy.standard`). The event id (`task.ended:<user>:<taskId>`) makes a second
/// enqueue of the same end a no-op.
enum RunCallback {
    static func eventID(user: String, taskID: String) -> String { "task.ended:\(user):\(taskID)" }

    /// The URL to POST to.
    static func target(callback: String, taskID: String) -> String {
        var base = callback
        if let hash = base.firstIndex(of: "#") { base = String(base[..<hash]) }
        let sep = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + sep + "taskId=" + percentEncoded(taskID)
    }

    static func delivery(user: String, taskID: String, callback: String, body: [UInt8], notBefore: Int64?) -> NewDelivery {
        NewDelivery(dialect: AgentTaskDialect.dialectName, tenant: user, eventID: eventID(user: user, taskID: taskID),
                    target: target(callback: callback, taskID: taskID),
                    headers: [DeliveryHeader("Content-Type", "application/json")], body: body, notBefore: notBefore)
    }

    /// A callback must be an absolute http(s) URL without whitespace (at most 2048 bytes).
    static func isValid(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard url.utf8.count <= 2048, lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        let host = lower.dropFirst(lower.hasPrefix("https://") ? 8 : 7)
        guard let first = host.first, first != "/", first != "?", first != "#" else { return false }
        return !url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
    }

    /// RFC 3986 unreserved characters stay; everything else is %XX.
    static func percentEncoded(_ s: String) -> String {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for c in s.utf8 {
            let unreserved = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "~")
            if unreserved { out.append(c) } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
