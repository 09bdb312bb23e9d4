import Foundation
import Testing

@testable import MusicdiffDaemon

/// Which session bus the desktop notifier uses, and how it words a body for a markup server.
@Suite struct DesktopNotifierTests {
    @Test func theSessionBusComesFromTheEnvironmentThenTheRuntimeFolder() throws {
        let folder = try ScratchFolder("musicdiff-runtime")
        #expect(
            DesktopNotifier.sessionAddress(["DBUS_SESSION_BUS_ADDRESS": "unix:path=/a"]) == "unix:path=/a"
        )
        #expect(
            DesktopNotifier.sessionAddress(["XDG_RUNTIME_DIR": folder.path]) == nil,
            "no bus socket there"
        )
        #expect(FileManager.default.createFile(atPath: folder.file("bus"), contents: nil))
        #expect(
            DesktopNotifier.sessionAddress(["XDG_RUNTIME_DIR": folder.path]) == "unix:path=\(folder.path)/bus"
        )
        #expect(
            DesktopNotifier.sessionAddress(["DBUS_SESSION_BUS_ADDRESS": "", "XDG_RUNTIME_DIR": ""]) == nil
        )
    }

    @Test func markupIsEscapedButQuotesAreLeftAlone() {
        #expect(NotificationBus.escaped("Rock & Roll <live> 'x'") == "Rock &amp; Roll &lt;live&gt; 'x'")
    }

    @Test func timeoutsAreWordedForPeople() {
        #expect(DesktopNotifier.text(.milliseconds(500)) == "500 ms")
        #expect(DesktopNotifier.text(.seconds(5)) == "5s")
    }
}
