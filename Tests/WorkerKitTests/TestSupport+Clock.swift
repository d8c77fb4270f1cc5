import Foundation
import Synchronization
import WorkerKit

/// A retry clock that never sleeps: it records each requested wait and adds it to its reading.
final class RecordingClock: Sendable {
    private let state = Mutex<(offset: Duration, sleeps: [Duration])>((.zero, []))
    let fixedDate: Date

    init(date: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        fixedDate = date
    }

    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    var clock: RetryClock {
        RetryClock(
            // Only the recorded sleeps advance it: a retry budget is spent by waits, never by a slow machine.
            now: { self.state.withLock { $0.offset } },
            sleep: { duration in
                try Task.checkCancellation()
                self.state.withLock {
                    $0.offset += duration
                    $0.sleeps.append(duration)
                }
            },
            date: { self.fixedDate }
        )
    }
}
