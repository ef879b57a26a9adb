import Control
import Testing

@Suite struct MetricsTests {
    @Test func countsRequestsAndBucketsLatency() {
        let m = Metrics()
        m.recordRequest(dialect: "quant", route: "/a/{id}", method: "GET", status: 200, seconds: 0.0004)
        m.recordRequest(dialect: "quant", route: "/a/{id}", method: "GET", status: 200, seconds: 0.2)
        m.recordRequest(dialect: nil, route: nil, method: "GET", status: 404, seconds: 20)
        for i in 0..<100 { m.recordRequest(dialect: "x", route: nil, method: "X\(i)", status: 405, seconds: 0) }
        m.count("polytask_webhook_deliveries_total", labels: #"outcome="delivered""#, by: 3)
        m.gauge("polytask_open_connections", help: "open") { 7 }
        let text = m.render()
        #expect(text.contains(#"polytask_requests_total{dialect="quant",route="/a/{id}",method="GET",status="200"} 2"#))
        #expect(text.contains(#"polytask_requests_total{dialect="control",route="",method="GET",status="404"} 1"#))
        #expect(text.contains(#"polytask_request_duration_seconds_bucket{dialect="quant",le="0.0005"} 1"#))
        #expect(text.contains(#"polytask_request_duration_seconds_bucket{dialect="quant",le="0.25"} 2"#))
        #expect(text.contains(#"polytask_request_duration_seconds_bucket{dialect="control",le="10.0"} 0"#))
        #expect(text.contains(#"polytask_request_duration_seconds_bucket{dialect="control",le="+Inf"} 1"#))
        #expect(text.contains(#"polytask_webhook_deliveries_total{outcome="delivered"} 3"#))
        #expect(text.contains("polytask_open_connections 7\n"))
        // A client's made-up methods share one series.
        #expect(text.contains(#"polytask_requests_total{dialect="x",route="",method="OTHER",status="405"} 100"#))
    }
}
