import GRDB
import MusicdiffCore

/// The state database's tables, created and upgraded by migrations: `v1` the runs, ticks and
/// values; `v2` the snapshot of each tick (and sync and daemon start and stop), and the
/// conflicts already announced; `v3` the last lines of each run's output; `v4` and `v5` the
/// power profile and free space; `prediction summary` the predicted window's summary.
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
        migrator.registerMigration("v2: snapshots and announced conflicts") { db in
            // Each tick row keeps the snapshot it was decided on; old rows read as unknown.
            try db.alter(table: "tick") { table in
                table.add(column: "kind", .text).notNull().defaults(to: RecordedMoment.Kind.decision.rawValue)
                table.add(column: "utc_offset", .integer).notNull().defaults(to: 0)
                table.add(column: "due_since", .double)
                table.add(column: "idle_for", .double)
                table.add(column: "network", .text)
                table.add(column: "ssid", .text)
                table.add(column: "load1", .double)
                table.add(column: "cpus", .integer)
                table.add(column: "on_battery", .boolean)
                table.add(column: "battery_percent", .double)
                table.add(column: "run_end", .text)
            }
            try db.create(table: "announced_conflict") { table in
                table.column("entity_type", .text).notNull()
                table.column("entity_id", .text).notNull()
                table.column("announced_at", .double).notNull()
                table.primaryKey(["entity_type", "entity_id"])
            }
        }
        migrator.registerMigration("v3: the job's output") { db in
            // The last lines of each run's output; older runs have none.
            try db.alter(table: "sync_run") { table in table.add(column: "output", .text) }
        }
        migrator.registerMigration("v4: the power profile") { db in
            // power-profiles-daemon's active profile; older rows read as not recorded.
            try db.alter(table: "tick") { table in table.add(column: "power_profile", .text) }
        }
        migrator.registerMigration("v5: the free space") { db in
            // The free space and size of the storage rule's file system; older rows have none.
            try db.alter(table: "tick") { table in
                table.add(column: "storage_free", .double)
                table.add(column: "storage_total", .double)
            }
        }
        migrator.registerMigration("v6: a busy user") { db in
            // What the busy rule saw of each kind (BusyState.fields, a line each); older rows have none.
            try db.alter(table: "tick") { table in table.add(column: "busy", .text) }
        }
        // Kept last and independent of the others: it only adds tables.
        migrator.registerMigration("prediction summary") { db in
            // The bounded summary the predicted window is computed from (PredictionSummary):
            // one row saying which policy it is for and the newest moment added, each local
            // day's newest moment, each half hour the policy passed in. Rebuilt from the
            // rows when the daemon starts or reloads with another policy.
            try db.create(table: "prediction_summary") { table in
                table.primaryKey("id", .integer).check { $0 == 1 }
                table.column("policy", .text).notNull()
                table.column("last_id", .integer).notNull()
                table.column("last_at", .double)
                table.column("last_utc_offset", .integer)
                table.column("last_passed", .boolean)
            }
            try db.create(table: "prediction_day", options: .withoutRowID) { table in
                table.primaryKey("day", .integer)
                table.column("at", .double).notNull()
            }
            try db.create(table: "prediction_slot", options: .withoutRowID) { table in
                table.column("day", .integer).notNull()
                table.column("half", .integer).notNull()
                table.column("at", .double).notNull()
                table.primaryKey(["day", "half"])
            }
        }
        return migrator
    }
}
