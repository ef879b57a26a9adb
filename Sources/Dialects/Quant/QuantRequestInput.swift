/// A request body validated field by field (`QuantCreateInput`, `QuantUpdateInput`): one
/// place turns the raw body into a `QuantBody` and any field error into a 400.
protocol QuantRequestInput {
    init(_ b: QuantBody) throws(QuantValidationError)
}

extension QuantRequestInput {
    /// The body must be a JSON object (`QuantRequestError.json`/`.field` otherwise), then each
    /// field is checked by `init(_:)`.
    init(body: [UInt8]) throws(QuantRequestError) {
        let o = try QuantRequestError.object(from: body)
        do {
            try self.init(QuantBody(object: o))
        } catch {
            throw .field(error)
        }
    }
}
