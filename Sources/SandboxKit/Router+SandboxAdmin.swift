import Hummingbird

extension Router where Context == BasicRequestContext {
    /// Adds the admin endpoints every sandbox serves, without auth, faults or rate limits:
    /// `GET /_sandbox/writes` (the write log), `GET /_sandbox/faults` (fault counters), `GET /_sandbox/health`.
    public func addSandboxAdminRoutes(vendor: String, writeLog: SandboxWriteLog, faults: FaultCounters) {
        get("/_sandbox/writes") { _, _ in Response.json(writeLog.snapshot()) }
        get("/_sandbox/faults") { _, _ in Response.json(faults.snapshot()) }
        get("/_sandbox/health") { _, _ in Response.json(["status": "ok", "vendor": .string(vendor)]) }
    }
}
