import Digest
import Emulator
import JSON
import Store

/// A webhook endpoint an organisation registered (the vendor has only a UI for this:
/// Settings → Integrations → Webhooks; polytask has `/_polytask/chamelio/webhooks`).
struct ChamelioEndpoint: Sendable, Equatable {
    var id: String
    var url: String
    /// The signing secret. Kept so that deliveries can be signed; never listed or logged.
    var secret: String
    /// The events it receives; nil: every event.
    var events: [String]?
    var createdAt: Int64

    func receives(_ event: String) -> Bool { events?.contains(event) ?? true }

    /// Without the secret: what listings show.
    var publicJSON: JSONValue {
        var o: [String: JSONValue] = ["webhook_id": .string(id), "url": .string(url), "created_at": .string(ChamelioTime.text(createdAt))]
        o["events"] = events.map { .array($0.map(JSONValue.string)) } ?? .array(ChamelioEvent.all.map(JSONValue.string))
        return .object(o)
    }

    /// With the secret: the stored form, and what an export carries (a seed must be able to sign).
    var json: JSONValue {
        var o: [String: JSONValue] = ["webhook_id": .string(id), "url": .string(url), "secret": .string(secret), "created_at_ms": .int(createdAt)]
        if let events { o["events"] = .array(events.map(JSONValue.string)) }
        return .object(o)
    }

    init(id: String, url: String, secret: String, events: [String]?, createdAt: Int64) {
        self.id = id
        self.url = url
        self.secret = secret
        self.events = events
        self.createdAt = createdAt
    }

    /// Reads a registration (control route, seed, export). `now` for a missing creation time.
    init(json v: JSONValue, place: String, now: Int64) throws(ChamelioInputError) {
        guard v.objectValue != nil else { throw ChamelioInputError("\(place): an object") }
        guard let url = v["url"]?.stringValue, Self.isURL(url) else { throw ChamelioInputError("\(place).url: an http:// or https:// URL") }
        var events: [String]?
        if let e = v["events"], !e.isNull {
            guard let list = e.arrayValue?.compactMap(\.stringValue), list.count == e.arrayValue?.count, !list.isEmpty else {
                throw ChamelioInputError("\(place).events: a non-empty list of event names")
            }
            if let unknown = list.first(where: { !ChamelioEvent.all.contains($0) }) {
                throw ChamelioInputError("\(place).events: unknown event '\(unknown)' (the events are \(ChamelioEvent.all.joined(separator: ", ")))")
            }
            events = list
        }
        var secret = ChamelioWebhooks.newSecret()
        if let s = v["secret"], !s.isNull {
            guard let text = s.stringValue, !text.isEmpty, text.utf8.count <= 256 else { throw ChamelioInputError("\(place).secret: 1 to 256 characters") }
            secret = text
        }
        var id = "wh_" + Randomness.shared.hex(8)
        if let given = v["webhook_id"], !given.isNull {
            id = try ChamelioWorkflow.identifier(given, "\(place).webhook_id")
        }
        self.init(id: id, url: url, secret: secret, events: events, createdAt: v["created_at_ms"]?.intValue ?? now)
    }

    static func isURL(_ s: String) -> Bool {
        guard s.utf8.count <= 2048, !s.contains(where: { $0.isWhitespace }) else { return false }
        for scheme in ["http://", "https://"] where s.lowercased().hasPrefix(scheme) { return s.utf8.count > scheme.utf8.count }
        return false
    }
}

/// An organisation's webhook endpoints, and the signed deliveries of its events.
///
/// The endpoints are one resource per organisation (kind `webhooks`, id `endpoints`): the body
/// lists them without secrets, the data holds them with their secrets, so that a write can
/// read them with one point read and sign in the transaction of the change.
///
/// Each event becomes one outbox delivery per endpoint that receives it, enqueued in the write
/// that made the change: the envelope `{event, event_id, organization_id, timestamp, data}`,
/// with `Content-Type: application/json` and `X-Chamelio-Signature: sha256=<hex HMAC-SHA256 of
/// the exact body with the endpoint's secret>`. The envelope's `event_id` is the same for every
/// endpoint; the outbox event id adds the endpoint's id.
enum ChamelioWebhooks {
    static let kind = "webhooks"
    static let id = "endpoints"
    static let signatureHeader = "X-Chamelio-Signature"

    static func key(_ organization: String) -> ResourceKey {
        ResourceKey(dialect: ChamelioDialect.dialectName, tenant: organization, kind: kind, id: id)
    }

    static func newSecret() -> String { "whsec_" + Randomness.shared.hex(24) }

    static func decode(_ r: ResourceRecord) -> [ChamelioEndpoint] {
        guard let data = r.data, let list = (try? JSONParser.parse(data))?.arrayValue else { return [] }
        return list.compactMap { try? ChamelioEndpoint(json: $0, place: "webhook", now: r.createdAt) }
    }

    static func record(_ organization: String, _ endpoints: [ChamelioEndpoint], createdAt: Int64, now: Int64) -> ResourceRecord {
        ResourceRecord(dialect: ChamelioDialect.dialectName, tenant: organization, kind: kind, id: id,
                       bodyJSON: JSONValue.array(endpoints.map(\.publicJSON)).encodedString,
                       data: JSONValue.array(endpoints.map(\.json)).encoded, createdAt: createdAt, updatedAt: now)
    }

    static func endpoints(_ tx: WriteTransaction, _ organization: String) throws(StoreError) -> [ChamelioEndpoint] {
        guard let r = try tx.resource(key(organization)) else { return [] }
        return decode(r)
    }

    /// Replaces the organisation's endpoints (an empty list deletes the resource).
    static func save(_ tx: WriteTransaction, _ organization: String, _ endpoints: [ChamelioEndpoint]) throws(StoreError) {
        let existing = try tx.resource(key(organization))
        guard !endpoints.isEmpty else {
            try tx.deleteResource(key(organization))
            return
        }
        try tx.putResource(record(organization, endpoints, createdAt: existing?.createdAt ?? tx.now, now: tx.now))
    }

    static func envelope(_ e: ChamelioEvent, eventID: String, organization: String) -> [UInt8] {
        var w = JSONWriter(capacity: 160 + e.data.count)
        w.beginObject()
        w.key("event"); w.string(e.name)
        w.key("event_id"); w.string(eventID)
        w.key("organization_id"); w.string(organization)
        w.key("timestamp"); w.string(ChamelioTime.text(e.at))
        w.key("data"); w.raw(e.data)
        w.endObject()
        return w.bytes
    }

    /// `sha256=<hex HMAC-SHA256 of body with secret>`.
    static func signature(body: [UInt8], secret: String) -> String {
        "sha256=" + Hex.encode(HMACSHA256.authenticationCode(for: body, key: Array(secret.utf8)))
    }

    /// Enqueues `events` for every endpoint of `organization` that receives them, in `tx`.
    /// Returns how many deliveries were queued.
    @discardableResult
    static func enqueue(_ tx: WriteTransaction, organization: String, _ events: [ChamelioEvent]) throws(StoreError) -> Int {
        guard !events.isEmpty else { return 0 }
        let targets = try endpoints(tx, organization)
        guard !targets.isEmpty else { return 0 }
        var queued = 0
        for e in events {
            let receivers = targets.filter { $0.receives(e.name) }
            guard !receivers.isEmpty else { continue }
            let eventID = "evt_" + Randomness.shared.hex(12)
            let body = envelope(e, eventID: eventID, organization: organization)
            for ep in receivers {
                try tx.enqueueDelivery(NewDelivery(dialect: ChamelioDialect.dialectName, tenant: organization, eventID: "\(eventID):\(ep.id)",
                                                   target: ep.url,
                                                   headers: [DeliveryHeader("Content-Type", "application/json"),
                                                             DeliveryHeader(signatureHeader, signature(body: body, secret: ep.secret))],
                                                   body: body))
                queued += 1
            }
        }
        return queued
    }
}
