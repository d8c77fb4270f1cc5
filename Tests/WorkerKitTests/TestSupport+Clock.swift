import Foundation
import Synchronization
import WorkerKit

/// A retry clock that never sleeps: it records each requested wait and adds it to its reading.
final class RecordingClock: Sendable {
    private let state = Mutex<(offset: Duration, sleeps: [Duration])>((.zero, []))
    private let origin = ContinuousClock.now
    let fixedDate: Date

    init(date: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        fixedDate = date
    }

    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    var clock: RetryClock {
        RetryClock(
            now: { self.origin.duration(to: .now) + self.state.withLock { $0.offset } },
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
