/// A colour map: evenly spaced colour stops on [0, 1] with linear interpolation between them.
struct Colormap {
    let stops: [Color]

    /// matplotlib's "bwr", the reference's error-map colours: blue at 0, white at ½, red at 1.
    static let blueWhiteRed = Colormap(stops: [Color(red: 0, green: 0, blue: 1), .white, Color(red: 1, green: 0, blue: 0)])

    /// The colour at t; t outside [0, 1] takes the end colour.
    func color(at t: Double) -> Color {
        let x = min(max(t, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], x - Double(i))
    }
}
