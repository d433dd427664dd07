/// Channel counts and resolutions shared by the PGGAN generator and discriminator.
enum PGGAN {
    static let resolutions = [8, 16, 32, 64, 128, 256, 512, 1024]

    /// Feature maps at a resolution: min(16384 / res, 512) / divide, integer division at each step.
    static func featureMaps(_ res: Int, divide: Int) -> Int { min(16384 / res, 512) / divide }

    static func validate(resolution: Int, divide: Int, lowest: Int, model: String) throws {
        guard resolutions.contains(resolution) else {
            throw GANError.invalidConfiguration("\(model): resolution \(resolution) is not one of \(resolutions.map(String.init).joined(separator: ", "))")
        }
        guard divide > 0 else { throw GANError.invalidConfiguration("\(model): the channel divisor must be positive, got \(divide)") }
        guard featureMaps(resolution, divide: divide) > 0, featureMaps(lowest, divide: divide) > 0 else {
            throw GANError.invalidConfiguration("\(model): dividing the channels by \(divide) leaves no channels at resolution \(resolution)")
        }
    }

    static func log2(_ n: Int) -> Int { Int.bitWidth - 1 - n.leadingZeroBitCount }
}
