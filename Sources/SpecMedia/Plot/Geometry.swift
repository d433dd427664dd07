/// A point on a figure, in points (1/72 inch) from the top-left corner.
struct Point: Equatable {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle on a figure, in points; y grows downwards.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
}

/// A figure's size in points (1/72 inch).
public struct FigureSize: Equatable, Sendable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// matplotlib's default figure, 6.4 × 4.8 inches.
    public static let standard = FigureSize(width: 460.8, height: 345.6)
}
