import Foundation
import MusicdiffDaemon
import MusicdiffSensors

/// What the commands take from the process environment.
struct Environment {
    let variables = ProcessInfo.processInfo.environment

    var home: MusicdiffHome { MusicdiffHome(environment: variables) }
    var sensorPaths: SensorPaths { SensorPaths(environment: variables) }
    var resolver: PolicyResolver { PolicyResolver(home: home) }
}
