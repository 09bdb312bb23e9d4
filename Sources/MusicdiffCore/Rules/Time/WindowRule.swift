import Foundation
import Yams

extension Array: RelaxableRule where Element == TimeWindow {
    static var rule: Verdict.Rule { .window }
    static var keys: [String] { [] }
    static var absent: String { "any time" }

    /// A `window` list; `key` names it in errors.
    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> [TimeWindow] {
        let items: [Node]
        if case .sequence(let sequence) = node { items = sequence.map { $0 } } else { items = [node] }
        guard !items.isEmpty else {
            throw fields.error(at: node, "\(key) must list at least one range, like [\"22:00-07:00\"]")
        }
        var windows: [TimeWindow] = []
        for item in items {
            let text = try fields.string(item, key: key)
            guard let window = TimeWindow(text) else {
                throw fields.error(
                    at: item,
                    "\"\(text)\" is not a time window; write HH:MM-HH:MM, like \"22:00-07:00\""
                )
            }
            guard window.start != window.end else {
                throw fields.error(
                    at: item,
                    "\"\(text)\" is empty: it starts where it ends; for all day write \"00:00-24:00\""
                )
            }
            windows.append(window)
        }
        return windows
    }

    /// `["22:00-07:00"]`.
    var yaml: String { "[\(map { Policy.quoted($0.description) }.joined(separator: ", "))]" }

}

extension Array: Loosening where Element == TimeWindow {
    /// Whether these windows cover every minute of the day that `other` covers.
    func allowsAll(of other: [TimeWindow]) -> Bool {
        (0..<1440).allSatisfy { minute in
            let second = minute * 60
            return !other.contains { $0.contains(secondOfDay: second) }
                || contains { $0.contains(secondOfDay: second) }
        }
    }
}

/// What `window` judged: the windows and the local time they were judged at.
struct WindowFacts: Facts {
    let windows: [TimeWindow]
    let secondOfDay: Int
    let opensIn: Int

    var seen: String { "local time \(TimeWindow.clock(secondOfDay / 60))" }

    var required: String { "inside " + windows.map(\.description).joined(separator: " or ") }

    func knownReason(_ status: Verdict.Status) -> String {
        let now = TimeWindow.clock(secondOfDay / 60)
        let list = windows.map(\.description).joined(separator: " or ")
        if status == .pass { return "\(now) is inside \(list)" }
        return "\(now) is outside \(list); the next window opens in " + DurationText.format(.seconds(opensIn))
    }
}

extension Policy {
    /// Local-time windows a sync must start in; nil when any time will do.
    package var window: [TimeWindow]? {
        get { self[[TimeWindow].self] }
        set { self[[TimeWindow].self] = newValue }
    }
}

extension RelaxStep {
    /// The step's `window`, if it changes it.
    package var window: Change<[TimeWindow]>? {
        get { self[[TimeWindow].self] }
        set { self[[TimeWindow].self] = newValue }
    }
}
