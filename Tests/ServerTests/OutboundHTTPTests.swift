#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Server
import Testing

@Suite struct OutboundHTTPTests {
    @Test func urlPartsTakeTheWebhookSubsetOfRFC3986() throws {
        let a = try #require(URLParts("http://127.0.0.1:8081/hooks/a?taskId=1#frag"))
        #expect(a == URLParts(scheme: "http", host: "127.0.0.1", port: 8081, pathAndQuery: "/hooks/a?taskId=1"))
        #expect(a.hostHeader == "127.0.0.1:8081")
        let b = try #require(URLParts("HTTP://Example.com?x=1"))
        #expect(b.scheme == "http" && b.port == 80 && b.pathAndQuery == "/?x=1" && b.hostHeader == "Example.com")
        let c = try #require(URLParts("http://user:pw@[::1]:9000/p"))
        #expect(c.host == "::1" && c.port == 9000 && c.hostHeader == "[::1]:9000")
        #expect(URLParts("https://h/p")?.port == 443)
        for bad in ["nothing", "http://", "http://h:0/", "http://h:99999/", "http://[::1/", "http://h/a b", "http://h:x/"] {
            #expect(URLParts(bad) == nil, "\(bad)")
        }
    }

    @Test func privateNetworksAreLoopbackRFC1918LinkLocalAndULA() {
        func v4(_ s: String) -> Bool {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            _ = inet_pton(AF_INET, s, &a.sin_addr)
            return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { TargetPolicy.isPrivate($0) } }
        }
        func v6(_ s: String) -> Bool {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            _ = inet_pton(AF_INET6, s, &a.sin6_addr)
            return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { TargetPolicy.isPrivate($0) } }
        }
        for p in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.1.1"] { #expect(v4(p), "\(p)") }
        for p in ["8.8.8.8", "172.32.0.1", "192.169.0.1", "1.1.1.1"] { #expect(!v4(p), "\(p)") }
        for p in ["::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1"] { #expect(v6(p), "\(p)") }
        for p in ["2001:4860::8888", "::ffff:8.8.8.8"] { #expect(!v6(p), "\(p)") }
    }

    @Test func flagForms() {
        #expect(TargetPolicy(flag: "private") == .privateNetworks)
        #expect(TargetPolicy(flag: "any") == .any)
        #expect(TargetPolicy(flag: "Hooks.Example.com, 10.0.0.5") == .allowList(["hooks.example.com", "10.0.0.5"]))
        #expect(TargetPolicy(flag: " , ") == nil)
    }

    @Test func refusedTargetsFailWithoutConnecting() {
        let r = OutboundHTTP.post(url: "http://127.0.0.1:9/x", headers: [], body: [], timeoutMillis: 500,
                                  policy: .allowList(["example.com"]), userAgent: "t")
        #expect(r == .failure("target host 127.0.0.1 is not allowed by --webhook-targets"))
        if case .failure(let why) = OutboundHTTP.post(url: "https://127.0.0.1/x", headers: [], body: [], timeoutMillis: 500,
                                                       policy: .any, userAgent: "t") {
            #expect(why.contains("not supported"))
        } else { Issue.record("https must fail") }
    }
}
