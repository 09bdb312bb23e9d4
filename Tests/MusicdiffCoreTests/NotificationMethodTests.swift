import Testing

@testable import MusicdiffCore

/// Each notification method says which channels it uses: none is e-mail or desktop by being
/// "not the other one".
@Suite struct NotificationMethodTests {
    @Test(arguments: [
        (Config.NotificationMethod.email, true, false), (.desktop, false, true), (.both, true, true),
    ])
    func eachMethodNamesItsChannels(method: Config.NotificationMethod, email: Bool, desktop: Bool) {
        #expect(method.sendsEmail == email)
        #expect(method.showsDesktop == desktop)
    }
}
