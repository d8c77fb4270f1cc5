import Metrics

extension WorkerMetrics {
    /// Counts one try of a vendor call: `cordum_vendor_requests_total{vendor,outcome}`, where `outcome` is the
    /// status code, `timeout`, `connection` or `too_large`.
    func vendorAttempt(vendor: String, outcome: String) {
        Counter(
            label: "cordum_vendor_requests_total",
            dimensions: [("vendor", vendor), ("outcome", outcome)],
            factory: resolved
        ).increment()
    }

    /// Counts a retry of a vendor call: `cordum_vendor_retries_total{vendor}`.
    func vendorRetry(vendor: String) {
        Counter(label: "cordum_vendor_retries_total", dimensions: [("vendor", vendor)], factory: resolved).increment()
    }
}
