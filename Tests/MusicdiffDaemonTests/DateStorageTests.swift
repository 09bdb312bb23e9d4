import Foundation
import GRDB
import MusicdiffCore
import Testing

/// The tick's date text, made without ICU, is the text GRDB itself stores for a date, so old
/// and new rows sort, compare and parse alike.
@Suite struct DateStorageTests {
    @Test(arguments: [
        0, -0.5, 951_782_400, 1_735_689_599.999, 1_764_633_599.9995, 1_800_000_000.1239, 4_102_444_800.25,
    ])
    func theTicksDateTextIsGRDBs(_ seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(CivilTime.storageText(date).databaseValue == date.databaseValue)
    }
}
