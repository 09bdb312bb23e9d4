import Foundation
import MusicdiffCore

extension HistoryReport {
    /// `{"days": [{"date", "syncs", "longest_wait_seconds", "cells": [{"start", "state", "rule"?}]}],
    /// "damaged_rows", "notes"}`; cells not yet begun are left out.
    package func json() -> String {
        let days = grid.days.map { day -> JSONValue in
            let cells = day.cells.enumerated().compactMap { index, cell -> JSONValue? in
                guard cell != .future else { return nil }
                var members: [(String, JSONValue)] = [
                    (
                        "start",
                        .string(
                            ISO8601.utc(day.start.addingTimeInterval(Double(index) * HistoryGrid.cellLength))
                        )
                    ),
                    ("state", .string(cell.name)),
                ]
                if case .blocked(let rule) = cell { members.append(("rule", .string(rule))) }
                return .object(members)
            }
            return .object([
                ("date", .string(isoDay(day.start))),
                ("syncs", .number(Double(day.syncs))),
                ("longest_wait_seconds", day.longestWait.map { .number($0.seconds.rounded()) } ?? .null),
                ("cells", .array(cells)),
            ])
        }
        return JSONValue.object([
            ("policies", .array(policies.map(JSONValue.string))),
            ("cell_minutes", .number(HistoryGrid.cellLength / 60)),
            ("days", .array(days)),
            ("damaged_rows", .number(Double(damagedRows))),
            ("notes", .array(notes.map(JSONValue.string))),
        ]).text + "\n"
    }
}
