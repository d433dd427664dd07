/// A sweep command that cannot go on, with the reason for the user.
struct SweepFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
