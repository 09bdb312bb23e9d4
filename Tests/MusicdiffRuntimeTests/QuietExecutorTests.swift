import Glibc
import Synchronization
import Testing

@testable import MusicdiffRuntime

/// The executor's contract, on an instance of its own (the tests run on Swift's default
/// executor): jobs and timed jobs run on its one thread, in deadline order; a descriptor
/// wait resumes when the descriptor becomes readable; cancellation ends waits at once.
@Suite struct QuietExecutorTests {
    let executor = QuietExecutor()

    @Test func tasksRunOnItsOneThread() async {
        let threads = Shared<Set<UInt>>([])
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask(executorPreference: executor) {
                    threads.withLock { _ = $0.insert(UInt(bitPattern: Int(pthread_self()))) }
                }
            }
        }
        #expect(threads.withLock { $0.count } == 1)
    }

    @Test func sleepsEndInDeadlineOrderWhateverTheOrderTheyStart() async throws {
        let order = Shared<[Int]>([])
        await withTaskGroup(of: Void.self) { group in
            for milliseconds in [60, 20, 40] {
                group.addTask(executorPreference: executor) {
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    order.withLock { $0.append(milliseconds) }
                }
            }
        }
        #expect(order.withLock { $0 } == [20, 40, 60])
    }

    @Test func aSleepOnTheSuspendingClockEndsToo() async throws {
        let start = SuspendingClock.now
        try await Task(executorPreference: executor) {
            try await Task.sleep(for: .milliseconds(30), clock: .suspending)
        }.value
        #expect(SuspendingClock.now - start >= .milliseconds(30))
    }

    @Test func aCancelledTimerEndsAtOnceWithCancellationError() async {
        let sleeper = Task(executorPreference: executor) { try await Timers.sleep(for: .seconds(3600)) }
        sleeper.cancel()
        let result = await sleeper.result
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test func aDescriptorWaitResumesWhenDataArrives() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        let reader = ends[0]
        let waiter = Task(executorPreference: executor) { try await executor.readable(reader) }
        var byte: UInt8 = 1
        #expect(write(ends[1], &byte, 1) == 1)
        try await waiter.value
        #expect(read(reader, &byte, 1) == 1)
    }

    @Test func aCancelledDescriptorWaitEnds() async {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        let reader = ends[0]
        let waiter = Task(executorPreference: executor) { try await executor.readable(reader) }
        waiter.cancel()
        let result = await waiter.result
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test func aWallClockSleepEndsAtItsDeadline() async throws {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let deadline = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + 0.05
        try await Task(executorPreference: executor) { try await Timers.sleep(untilWallClock: deadline) }
            .value
        clock_gettime(CLOCK_REALTIME, &now)
        #expect(Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 >= deadline)
    }
}

/// A value the test's tasks share.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    func withLock<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
}
