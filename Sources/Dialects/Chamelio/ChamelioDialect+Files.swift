import FastAPI
import HTTP1
import JSON
import Routing
import Store

/// `GET /tasks/{task_id}/files`, `GET /tasks/{task_id}/signed-documents`,
/// `GET /tasks/{task_id}/steps/{step_id}/document`, `GET /files/{file_id}`, and the presigned
/// download route their `download_url`s point at.
///
/// - files: at most `maxListedFiles` (10) files, in the order they came, and `total_files`.
/// - step document: 404 `{"detail":"Document not found for step"}` for a step the task's
///   workflow does not have, or one that has produced no document (yet); 501 `{"detail":
///   "Document not available for this step"}` for a step kind that never produces one (intake,
///   approval, review: only agent and signature steps do).
/// - `GET /files/{file_id}`: 400 `{"detail":"Invalid file ID format: <id>"}` unless the id is
///   `attachment_<n>` or `document_<n>`; 404 `{"detail":"File not found"}` for another
///   organisation's file or none. `user_email` (audit) is accepted and not checked.
extension ChamelioDialect {
    static let maxListedFiles = 10

    static var documentNotFound: HTTPResponse { FastAPIErrors.detail(404, "Document not found for step") }
    static var documentNotAvailable: HTTPResponse { FastAPIErrors.detail(501, "Document not available for this step") }
    static var fileNotFound: HTTPResponse { FastAPIErrors.detail(404, "File not found") }

    func mountTaskFiles(on route: ChamelioRoute) {
        let d = self
        route.add("GET", "/{task_id}/files", validate: ChamelioParameters.taskOnly) { req in
            d.current(req, id: req.input, poll: false) { r in
                guard let t = ChamelioTask(record: r) else { return FastAPIErrors.internalError }
                return .json(200, ChamelioTaskView.files(t, limit: Self.maxListedFiles))
            }
        }
        route.add("GET", "/{task_id}/signed-documents", validate: ChamelioParameters.taskOnly) { req in
            let host = req.ctx.headers["Host"]
            d.current(req, id: req.input, poll: false) { r in
                guard let t = ChamelioTask(record: r) else { return FastAPIErrors.internalError }
                let signed = t.files.filter { f in f.variableID == nil && f.stepID.flatMap { t.workflow.step($0) }?.type == .signature }
                return .json(200, ChamelioTaskView.signedDocuments(t, signed.map { d.link($0, t.organization, host: host) }))
            }
        }
        route.add("GET", "/{task_id}/steps/{step_id}/document", validate: ChamelioParameters.taskOnly) { req in
            let host = req.ctx.headers["Host"]
            let stepID = req.ctx.parameters.require("step_id")
            d.current(req, id: req.input, poll: false) { r in
                guard let t = ChamelioTask(record: r) else { return FastAPIErrors.internalError }
                guard let step = t.workflow.step(stepID) else { return Self.documentNotFound }
                guard step.type.producesDocument else { return Self.documentNotAvailable }
                guard let doc = t.files.last(where: { $0.variableID == nil && $0.stepID == stepID }) else { return Self.documentNotFound }
                return .json(200, ChamelioTaskView.stepDocument(d.link(doc, t.organization, host: host)))
            }
        }
    }

    func mountFiles(on route: ChamelioRoute) {
        let d = self
        route.add("GET", "/{file_id}", validate: { _ in .success(()) }) { req in
            let id = req.ctx.parameters.require("file_id")
            guard ChamelioFiles.isValidID(id) else { return req.respond(FastAPIErrors.detail(400, "Invalid file ID format: \(id)")) }
            do throws(StoreError) {
                guard let r = try d.store.resource(ChamelioFiles.key(req.organization, id)), let ref = ChamelioFiles.ref(r) else {
                    return req.respond(Self.fileNotFound)
                }
                req.respond(.json(200, ChamelioTaskView.file(d.link(ref, req.organization, host: req.ctx.headers["Host"]))))
            } catch {
                req.respond(Self.response(for: error))
            }
        }
    }

    /// A presigned link to `ref`, valid for `--chamelio-url-ttl` from now.
    func link(_ ref: ChamelioFileRef, _ organization: String, host: String?) -> ChamelioFileLink {
        let expires = now + downloads.ttlMillis
        return ChamelioFileLink(ref: ref, url: downloads.url(organization, ref.fileID, expires: expires, host: host), expiresAt: expires)
    }

    /// Links to the task's files that came with variables (approval-details `include_files`).
    func links(_ t: ChamelioTask, host: String?) -> [ChamelioFileLink] {
        t.files.filter { $0.variableID != nil }.map { link($0, t.organization, host: host) }
    }

    /// `GET /_polytask/chamelio/downloads/{organization_id}/{file_id}?expires=&signature=`: the
    /// content, with its `Content-Type` and a `Content-Disposition` naming the file, until
    /// `expires` on the store clock. An altered or expired link is 403 in polytask's own error
    /// shape (this is polytask's stand-in for a storage service, not a vendor path); a file
    /// deleted since is 404.
    func mountDownloads(on router: inout Router) {
        let d = self
        let group = router.group(ChamelioDownloads.path, dialect: name)
        group.get("/{organization_id}/{file_id}", sync: { ctx in d.download(ctx) })
    }

    func download(_ ctx: RequestContext) -> HTTPResponse {
        let org = ctx.parameters.require("organization_id")
        let id = ctx.parameters.require("file_id")
        guard let expires = ctx.query["expires"].flatMap({ Int64($0) }), let signature = ctx.query["signature"],
              downloads.verify(org, id, expires: expires, signature: signature) else {
            return DefaultErrorShape.body(status: 403, code: "access_denied", message: "The link is not valid")
        }
        guard now < expires else { return DefaultErrorShape.body(status: 403, code: "expired", message: "The link has expired") }
        do {
            guard let r = try store.resource(ChamelioFiles.key(org, id)), let ref = ChamelioFiles.ref(r) else {
                return DefaultErrorShape.body(status: 404, code: "not_found", message: "File not found")
            }
            var h = HTTPHeaders()
            h.add(name: "Content-Type", value: ref.contentType)
            h.add(name: "Content-Disposition", value: "attachment; filename=\"\(Self.quotedFileName(ref.fileName))\"")
            return HTTPResponse(status: 200, headers: h, body: r.data ?? [])
        } catch {
            return DefaultErrorShape.body(status: 503, code: "unavailable", message: "The store is unavailable")
        }
    }

    /// A file name fit for a quoted header parameter: quotes, backslashes and control or
    /// non-ASCII characters become `_`.
    static func quotedFileName(_ name: String) -> String {
        String(name.unicodeScalars.map { s -> Character in
            s.isASCII && s.value >= 0x20 && s != "\"" && s != "\\" && s.value != 0x7F ? Character(s) : "_"
        })
    }
}
