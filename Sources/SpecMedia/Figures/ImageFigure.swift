import SpecTensor

/// An image or a batch of images as a figure (a sample grid with an optional title), pixels kept sharp.
public struct ImageFigure: Figure {
    /// The image, quantised to 8 bits as `save_png` would.
    public let image: PixelImage
    public let title: String?
    public let size: FigureSize
    /// Points per image pixel.
    private let pixelSize: Double

    /// `image` is (C, H, W) in [−1, 1], or a batch (N, C, H, W) laid out by `imageGrid` with its defaults.
    /// The image is scaled by a whole number of output pixels per image pixel at 150 dpi, to about 400 points
    /// on its longer side (never below one output pixel per image pixel).
    public init(_ image: Tensor, title: String? = nil) throws {
        let single = image.rank == 4 ? try imageGrid(image) : image
        self.image = try PixelImage(tensor: single, bitDepth: 8)
        self.title = title
        let pointsPerOutputPixel = 72.0 / 150
        let longer = Double(max(self.image.width, self.image.height))
        pixelSize = max(1, (400 / longer / pointsPerOutputPixel).rounded(.down)) * pointsPerOutputPixel
        let titleHeight = title == nil ? 0 : Style.titleFont * 2
        size = FigureSize(width: max(Double(self.image.width) * pixelSize + 2 * Style.outerPad, 50),
                          height: max(Double(self.image.height) * pixelSize + 2 * Style.outerPad + titleHeight, 50))
    }

    public func draw(on canvas: Canvas) throws {
        let width = Double(image.width) * pixelSize, height = Double(image.height) * pixelSize
        let bottom = size.height - Style.outerPad
        let rect = Rect(x: (size.width - width) / 2, y: bottom - height, width: width, height: height)
        try canvas.draw(image, in: rect, smooth: false)
        if let title {
            canvas.draw(.plain(title), at: Point(x: size.width / 2, y: rect.y - Style.labelPad * 1.5), size: Style.titleFont, h: .center, v: .bottom)
        }
    }
}
