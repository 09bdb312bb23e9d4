/// A count with its noun, singular or plural as the count asks: `1 conflict`, `2 conflicts`,
/// `0 changes`.
package func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
