import MusicdiffCore

/// Configs: parsing any text either gives a config or a `PolicyError`, never a trap or a
/// hang; a schedule the config names is then read as cron reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let config = try ConfigParser.parse(text, file: "config.yaml")
        _ = config.holdsSecret
        if let schedule = config.daemon.schedule { _ = try? CronExpression(schedule) }
    } catch {
        _ = error.description
    }
    return 0
}
