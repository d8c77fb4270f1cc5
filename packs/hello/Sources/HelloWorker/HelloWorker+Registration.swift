public import WorkerKit

extension HelloWorker {
    /// The hello worker for packctl's built-in registry: needs no settings.
    public static let registration = WorkerRegistration(packID: "hello") { _ in make() }
}
