import Store

/// Store failures as the dialects' tests feed them to a dialect's error mapping: every
/// condition under which the store cannot serve (a full disk, a read-only file, failing I/O,
/// a damaged file, a lock held too long, a closed store), and failures that are bugs.
public enum StoreFailures {
    public static let unavailable: [StoreError] = [
        .full("database or disk full"), .readOnly("attempt to write a readonly database"),
        .ioError("disk I/O error"), .corrupt("database disk image is malformed"),
        .busy("database is locked"), .closed,
    ]

    public static let bugs: [StoreError] = [
        .sqlite(code: 1, message: "SQL logic error"), .constraint("NOT NULL"),
    ]
}
