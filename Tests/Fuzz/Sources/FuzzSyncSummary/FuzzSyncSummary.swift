import MusicdiffDaemon

/// The summary line of a sync job's output: any bytes give no summary, a summary or a
/// reason it is malformed, never a trap or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    _ = SyncRun.summaryLine(of: Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
