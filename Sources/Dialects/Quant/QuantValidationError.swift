/// A request (or seed) field that breaks the spec. It names the field, because the vendor's
/// 400 is documented only as "Invalid request" and a client needs to know which field.
struct QuantValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    var field: String
    var message: String

    init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    var description: String { message }
}
