/// Values of the rules' own types, one slot per rule of the list (``Verdict/Rule/index``): how
/// a policy holds its rules, a relax step its changes and a `while_running` block its stop
/// rules, so that a new rule needs no stored property in any of them.
///
/// A slot only ever holds one type: the owner's typed subscript names it through the rule's
/// own type (`policy[IdleRule.self]`), so that reading it back is an unchecked cast of a box.
/// Not quite as fast as a stored property: with the snapshot's slots, a decision of the
/// five-rule laptop policy runs about 7 % more instructions than with stored properties (4211
/// against 3939 under callgrind; `PolicyBenchmarks`' "five-rule" figures against 1ec014a's).
/// A decision reads a reading in place from its box (``Slots/box(_:)``) rather than copying
/// it out.
struct RuleSlots: Sendable, Equatable {
    private var slots = Slots(count: Verdict.Rule.count)

    /// The value in `rule`'s slot, nil when it holds none.
    subscript<Value: Sendable & Equatable>(_ rule: Verdict.Rule) -> Value? {
        get { slots[rule.index] }
        set { slots[rule.index] = newValue }
    }

    /// Whether `rule`'s slot holds a value.
    func holds(_ rule: Verdict.Rule) -> Bool { slots.holds(rule.index) }

    /// The slots that hold a value, a bit per ``Verdict/Rule/index``.
    var mask: UInt16 { slots.mask }
}

/// Values of different types in numbered slots, each slot only ever holding one type (its
/// owner's typed subscript sees to it): ``RuleSlots`` and a ``Snapshot``'s readings.
struct Slots: Sendable, Equatable {
    private var boxes: [(any SlotBox)?]
    /// The slots that hold a value, a bit per index (up to 16 slots), kept as they are filled.
    private(set) var mask: UInt16 = 0

    /// Slots numbered from 0 to `count - 1`, all empty.
    init(count: Int) {
        precondition(count <= UInt16.bitWidth, "a mask of 16 bits says which slots are filled")
        boxes = Array(repeating: nil, count: count)
    }

    /// The value in slot `index`, nil when it holds none.
    subscript<Value: Sendable & Equatable>(_ index: Int) -> Value? {
        get {
            boxes.withUnsafeBufferPointer { boxes in
                guard let box = boxes[index] else { return nil }
                return unsafeDowncast(box, to: Box<Value>.self).value
            }
        }
        set {
            boxes[index] = newValue.map { Box($0) }
            mark(index, newValue != nil)
        }
    }

    /// Lends the value of slot `index`, which holds one, to `body`: neither copied nor its box
    /// retained, the slots holding the box for the call.
    func lend<Value: Sendable & Equatable, Result>(_ index: Int, to body: (Value) -> Result) -> Result {
        boxes.withUnsafeBufferPointer { boxes in
            let box = unsafeDowncast(boxes[index].unsafelyUnwrapped, to: Box<Value>.self)
            return Unmanaged.passUnretained(box)._withUnsafeGuaranteedRef { body($0.value) }
        }
    }

    /// Puts a value already boxed in slot `index`.
    mutating func put(_ box: any SlotBox, at index: Int) {
        boxes[index] = box
        mark(index, true)
    }

    private mutating func mark(_ index: Int, _ filled: Bool) {
        mask = filled ? mask | 1 << index : mask & ~(1 << index)
    }

    /// Whether slot `index` holds a value.
    func holds(_ index: Int) -> Bool { mask & 1 << index != 0 }

    static func == (lhs: Slots, rhs: Slots) -> Bool {
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
protocol SlotBox: AnyObject, Sendable {
    /// Whether `other` holds an equal value of the same type.
    func equals(_ other: any SlotBox) -> Bool
}

final class Box<Value: Sendable & Equatable>: SlotBox {
    let value: Value

    init(_ value: Value) { self.value = value }

    func equals(_ other: any SlotBox) -> Bool { (other as? Box<Value>)?.value == value }
}
