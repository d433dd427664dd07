import Foundation
import SpecMedia
import SpecTensor

/// Images and tables: PNG files, image grids, CSV.
enum MediaBuiltins {
    static func register(_ r: BuiltinRegistry) {
        r.add(Builtin("load_png", topic: .media, [.init("path", .string, "a PNG file (8 or 16 bits; gray, RGB, with or without alpha, or palette)")],
                      summary: "Read a PNG image as a tensor (C, H, W) with values in [−1, 1].", example: "save_png(rand([3, 8, 8], low: -1, high: 1), \"x.png\"); let img = load_png(\"x.png\")") { args in
            let url = try args.interpreter.files.readURL(try args.string("path"), at: args.spanOf("path"))
            return .tensor(try loadPNG(url.path))
        })
        r.add(Builtin("save_png", topic: .media, [.init("image", .any, "an image (C, H, W) or a batch (N, C, H, W) (saved as a grid) with values in [−1, 1], or a data set"),
                                                  .init("path", .string, "where to write (relative to the output folder)")],
                      summary: "Write an image, or a batch as a grid, to a PNG file.", example: "save_png(rand([3, 8, 8], low: -1, high: 1), \"x.png\")") { args in
            let url = try args.interpreter.files.writeURL(try args.string("path"), at: args.spanOf("path"))
            try savePNG(try args.images("image"), to: url.path)
            args.interpreter.onFileWritten(WrittenFile(url))
            return .string(url.path)
        })
        r.add(Builtin("image_grid", topic: .media, [.init("images", .any, "a batch (N, C, H, W) or a data set"),
                                                    .init("rows", .integer, default: .nil, "rows of the grid"),
                                                    .init("cols", .integer, default: .nil, "columns of the grid (8 when neither is given)"),
                                                    .init("padding", .integer, default: .number(2), "pixels between images")],
                      summary: "Tile a batch of images into one image, as the reference's sample grids.", example: "image_grid(randn([6, 3, 8, 8]), cols: 3)") { args in
            .tensor(try imageGrid(try args.images("images"), rows: try args.optionalInt("rows"), cols: try args.optionalInt("cols"),
                                  padding: try args.count("padding", minimum: 0)))
        })
        r.add(Builtin("save_csv", topic: .media, [.init("table", .any, "a tensor of rank 1 or 2, or a record of equal-length columns (numbers or tensors)"),
                                                  .init("path", .string, "where to write (relative to the output folder)")],
                      summary: "Write numbers as CSV with a header row.", example: "save_csv({step: [0, 1], loss: [0.5, 0.25]}, \"losses.csv\")") { args in
            let url = try args.interpreter.files.writeURL(try args.string("path"), at: args.spanOf("path"))
            if case .record(let record) = args.value("table") {
                let columns = try record.entries.map { name, value -> (name: String, values: [Double]) in
                    guard let t = try? Convert.tensor(value), t.rank <= 1 else {
                        throw args.error("table", "column '\(name)' must be a list of numbers or a 1-D tensor")
                    }
                    return (name, t.scalars.map(Double.init))
                }
                try CSV.write(columns: columns, to: url.path)
            } else {
                try CSV.write(try args.tensor("table"), header: nil, to: url.path)
            }
            args.interpreter.onFileWritten(WrittenFile(url))
            return .string(url.path)
        })
    }
}
