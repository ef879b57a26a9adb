/// The control plane's OpenAPI document (`Sources/Control/control-openapi.json`, embedded at
/// build time), served at `/_polytask/openapi.json`.
enum ControlOpenAPI {
    static let document: [UInt8] = PackageResources.control_openapi_json
}
