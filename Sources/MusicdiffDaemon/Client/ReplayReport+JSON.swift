import Foundation
import MusicdiffCore

extension ReplayReport {
    /// `{"policy", "from", "to", "moments", "schedule", "recorded": {...}, "replayed": {...},
    /// "damaged_rows", "notes"}`,
    /// each side with its `syncs` (start, waited seconds, result: how it ended or null while
    /// running), waits and the rule that held longest.
    package func json() -> String {
        func side(_ replay: Replay) -> JSONValue {
            let syncs = replay.syncs.map { sync -> JSONValue in
                .object([
                    ("start", .string(ISO8601.utc(sync.start))), ("waited_seconds", seconds(sync.waited)),
                    ("result", sync.result.map { .string($0.rawValue) } ?? .null),
                ])
            }
            let held = replay.longestHeld.map { longest -> JSONValue in
                .object([("rule", .string(longest.rule)), ("seconds", seconds(longest.held))])
            }
            return .object([
                ("syncs", .array(syncs)),
                ("median_wait_seconds", replay.medianWait.map(seconds) ?? .null),
                ("max_wait_seconds", replay.maxWait.map(seconds) ?? .null),
                ("held_longest", held ?? .null),
            ])
        }
        return JSONValue.object([
            ("policy", .string(policy.name)),
            ("from", .string(ISO8601.utc(history.from))),
            ("to", .string(ISO8601.utc(history.now))),
            ("moments", .number(Double(momentCount))),
            ("schedule", history.scheduleWords.map(JSONValue.string) ?? .null),
            ("recorded", side(recorded)),
            ("replayed", side(replayed)),
            ("damaged_rows", .number(Double(history.damagedRows))),
            ("notes", .array(history.notes.map(JSONValue.string))),
        ]).text + "\n"
    }

    func seconds(_ duration: Duration) -> JSONValue { .number(duration.seconds.rounded()) }
}
