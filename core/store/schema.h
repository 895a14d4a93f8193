#pragma once
// The project file's schema: its version lives in PRAGMA user_version, its owner in PRAGMA application_id.
// Opening checks both before anything is written, so a file from a newer Prompt Workbench, another
// program's database or a non-database file is refused untouched. Older versions are migrated in one
// transaction each step. The tables are documented in core/store/SCHEMA.md.
namespace pwb::store {

class Database;

constexpr int kSchemaVersion = 3;
constexpr int kApplicationId = 0x50574231;  // "PWB1"

// Checks the file and brings it to kSchemaVersion (a read-only connection is checked, never migrated:
// an older read-only file is refused with a message saying so). Sets WAL on writable connections.
void prepareSchema(Database& db);

// The user_version of the file (0 for a new, empty file).
int schemaVersion(Database& db);

}  // namespace pwb::store
