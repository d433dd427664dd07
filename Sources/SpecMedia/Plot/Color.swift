/// An opaque RGB colour with components in [0, 1].
public struct Color: Equatable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from a 24-bit value, e.g. `Color(hex: 0x1f77b4)`.
    public init(hex: UInt32) {
        self.init(red: Double(hex >> 16 & 0xFF) / 255, green: Double(hex >> 8 & 0xFF) / 255, blue: Double(hex & 0xFF) / 255)
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)

    /// matplotlib's default colour cycle ("tab10"): C0 blue, C1 orange, C2 green, C3 red, ...
    public static let cycle: [Color] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                        0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf].map(Color.init(hex:))

    /// The i-th colour of the cycle, wrapping around.
    public static func cycle(_ index: Int) -> Color { cycle[((index % cycle.count) + cycle.count) % cycle.count] }

    /// Linear interpolation towards `other` by t in [0, 1].
    func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t, blue: blue + (other.blue - blue) * t)
    }

    /// 8-bit components, rounded.
    var bytes: (UInt8, UInt8, UInt8) {
        func byte(_ v: Double) -> UInt8 { UInt8(min(max(v, 0), 1) * 255 + 0.5) }
        return (byte(red), byte(green), byte(blue))
    }
}
