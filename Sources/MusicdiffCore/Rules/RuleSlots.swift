/// Values of the rules' own types, one slot per rule of the list (``Verdict/Rule/index``): how
/// a policy holds its rules, a relax step its changes and a `while_running` block its stop
/// rules, so that a new rule needs no stored property in any of them.
///
/// A slot only ever holds one type: the owner's typed subscript names it through the rule's
/// own type (`policy[IdleRule.self]`), so that reading it back is a plain cast of a box, as
/// fast as a stored property (a decision reads each rule on every tick).
struct RuleSlots: Sendable, Equatable {
    private var boxes = [(any SlotBox)?](repeating: nil, count: Verdict.Rule.count)

    /// The value in `rule`'s slot, nil when it holds none.
    subscript<Value: Sendable & Equatable>(_ rule: Verdict.Rule) -> Value? {
        get {
            guard let box = boxes[rule.index] else { return nil }
            return unsafeDowncast(box, to: Box<Value>.self).value
        }
        set { boxes[rule.index] = newValue.map { Box($0) } }
    }

    /// Whether `rule`'s slot holds a value.
    func holds(_ rule: Verdict.Rule) -> Bool { boxes[rule.index] != nil }

    static func == (lhs: RuleSlots, rhs: RuleSlots) -> Bool {
        zip(lhs.boxes, rhs.boxes).allSatisfy { left, right in
            switch (left, right) {
            case (nil, nil): true
            case (let left?, let right?): left === right || left.equals(right)
            default: false
            }
        }
    }
}

/// A slot's value, boxed so that slots of different types share one array.
private protocol SlotBox: AnyObject, Sendable {
    /// Whether `other` holds an equal value of the same type.
    func equals(_ other: any SlotBox) -> Bool
}

private final class Box<Value: Sendable & Equatable>: SlotBox {
    let value: Value

    init(_ value: Value) { self.value = value }

    func equals(_ other: any SlotBox) -> Bool { (other as? Box<Value>)?.value == value }
}
