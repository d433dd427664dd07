import SpecTensor

/// Reads a PNG file as a (C, H, W) float32 tensor in [−1, 1].
///
/// C is the file's channel count: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (palette files give 3, or 4 with
/// transparency). Missing, truncated and corrupt files throw `MediaError`.
public func loadPNG(_ path: String) throws -> Tensor {
    try PNGCodec.read(path).tensor()
}

/// Writes a (C, H, W) or (H, W) tensor in [−1, 1] as a PNG file (8-bit by default; 16-bit for gray or RGB).
///
/// Values outside [−1, 1] are clamped; quantisation rounds half up (see `PixelImage.init(tensor:bitDepth:)`).
/// A batch (N, C, H, W) is saved as `imageGrid`'s default grid, as torchvision's `save_image` does.
public func savePNG(_ image: Tensor, to path: String, bitDepth: Int = 8) throws {
    let single = image.rank == 4 ? try imageGrid(image) : image
    try PNGCodec.write(try PixelImage(tensor: single, bitDepth: bitDepth), to: path)
}
