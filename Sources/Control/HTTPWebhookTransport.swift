import Emulator
import Server
import Store

/// The webhook worker's transport: the server's outbound HTTP/1.1 client, restricted to the
/// hosts `--webhook-targets` allows.
public struct HTTPWebhookTransport: WebhookTransport {
    public let policy: TargetPolicy
    public let userAgent: String

    public init(policy: TargetPolicy, userAgent: String) {
        self.policy = policy
        self.userAgent = userAgent
    }

    public func post(url: String, headers: [DeliveryHeader], body: [UInt8], timeoutMillis: Int) -> WebhookAttemptResult {
        switch OutboundHTTP.post(url: url, headers: headers.map { ($0.name, $0.value) }, body: body, timeoutMillis: timeoutMillis,
                                 policy: policy, userAgent: userAgent) {
        case .response(let status, _): return .status(status)
        case .failure(let reason): return .failure(reason)
        }
    }
}
