import HTTP1

/// A request that may not proceed, with the answer to send (auth, a run's body).
struct Refusal: Error {
    let response: HTTPResponse
    init(_ r: HTTPResponse) { response = r }
}
