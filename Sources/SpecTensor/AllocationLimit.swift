import Foundation

/// The one rule for sizes that come from user input: an element count must be representable and its float32
/// storage must fit the allocation limit, so no script can overflow an integer, abort on a failed allocation or
/// drive the machine into the kernel's out-of-memory killer. Every builtin that makes a tensor of a size the user
/// chose checks it here first.
public enum AllocationLimit {
    /// The limit in bytes for one tensor: `SPEC_MEMORY_LIMIT` (bytes, or with a K, M or G suffix) when set, else
    /// half of the machine's physical memory.
    nonisolated(unsafe) public static var bytes: Int = fromEnvironment() ?? Int(ProcessInfo.processInfo.physicalMemory / 2)

    /// Parses `12G`, `512M`, `64K` or a number of bytes.
    public static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = t.last, let unit = units[last], let n = Double(t.dropLast()), n > 0, n * Double(unit) < 9e18 { return Int(n * Double(unit)) }
        if let n = Int(t), n > 0 { return n }
        return nil
    }

    static func fromEnvironment() -> Int? { ProcessInfo.processInfo.environment["SPEC_MEMORY_LIMIT"].flatMap(parse) }

    /// The element count of `shape`, checked: every size non-negative, the product representable, and
    /// `bytesPerElement` times it within the limit.
    @discardableResult
    public static func checkedCount(_ shape: [Int], bytesPerElement: Int = 4, op: String) throws -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw TensorError.invalidShape(shape) }
        // A zero size anywhere makes the tensor empty, whatever the others are.
        if shape.contains(0) { return 0 }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw tooLarge(shape, op: op) }
            count = product
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: bytesPerElement)
        guard !overflow, total <= bytes else { throw tooLarge(shape, op: op) }
        // A large request also counts what the process already holds, so many tensors under the limit cannot
        // together drive the machine into the out-of-memory killer either.
        if total >= 64 << 20, let resident = residentBytes(), resident + total > bytes {
            throw TensorError.message("\(op): a tensor of shape \(shape.shapeDescription) (\(describe(total))) would take the process past the memory limit of \(describe(bytes)); \(describe(resident)) are in use")
        }
        return count
    }

    /// The process's resident memory (Linux: /proc/self/statm), nil where it cannot be read.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// `checkedCount` for a count given directly (a list, a linspace).
    @discardableResult
    public static func checkedCount(_ count: Int, bytesPerElement: Int = 4, op: String) throws -> Int {
        try checkedCount([count], bytesPerElement: bytesPerElement, op: op)
    }

    static func tooLarge(_ shape: [Int], op: String) -> TensorError {
        .message("\(op): a tensor of shape \(shape.shapeDescription) would take more than the memory limit of \(describe(bytes)) (SPEC_MEMORY_LIMIT or memory_limit() set it)")
    }

    public static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.1f GB", Double(bytes) / Double(1 << 30)) : String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }
}
