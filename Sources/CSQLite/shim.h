// The C shim for the system SQLite, as GRDB does it: the variadic and macro-valued parts of
// the C API are not callable from Swift, so they are wrapped here in static inline functions.
#ifndef POLYTASK_CSQLITE_SHIM_H
#define POLYTASK_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is `((sqlite3_destructor_type)-1)`, a macro Swift cannot import.
static inline sqlite3_destructor_type polytask_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// `sqlite3_db_config` is variadic; these two are the only settings we use.
static inline int polytask_db_enable_defensive(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
}
static inline int polytask_db_disable_double_quoted_strings(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
}
#endif
