import GRDB

/// The state database's tables, created and upgraded by migrations.
enum StateSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "sync_run") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("started_at", .datetime).notNull().indexed()
                table.column("ended_at", .datetime)
                table.column("trigger", .text).notNull()
                table.column("outcome", .text).notNull()
                table.column("exit_status", .integer)
                table.column("changes_applied", .integer)
                table.column("failed_changes", .integer)
                table.column("message", .text)
            }
            try db.create(table: "conflict") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("run_id", .integer).notNull().indexed()
                    .references("sync_run", onDelete: .cascade)
                table.column("entity_type", .text).notNull()
                table.column("entity_id", .text).notNull()
            }
            try db.create(table: "tick") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("at", .datetime).notNull().indexed()
                table.column("would_sync", .boolean).notNull()
                table.column("failed", .text).notNull()
                table.column("policy", .text).notNull()
            }
            try db.create(table: "daemon_value") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
        }
        return migrator
    }
}
