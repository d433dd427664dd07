import Testing
import SpecLang
import SpecSyntax
import SpecTensor

/// Masks, index lists, negative steps and indexed assignment on tensors, through the language.
@Suite("Tensor indexing and indexed assignment")
struct TensorIndexingTests {
    func scalars(_ source: String) throws -> [Float] { try Session().tensor(source).scalars }
    func shape(_ source: String) throws -> [Int] { try Session().tensor(source).shape }

    static let grid = "let x = reshape(arange(12), [3, 4])\n"

    @Test func masksSelect() throws {
        #expect(try scalars("let x = tensor([3, -1, 4, -1, 5])\nx[x > 0]") == [3, 4, 5])
        #expect(try scalars(Self.grid + "x[x % 5 == 0]") == [0, 5, 10])
        // A mask of the first axis keeps whole rows.
        #expect(try shape(Self.grid + "x[tensor([1, 0, 1]) == 1]") == [2, 4])
        #expect(try scalars(Self.grid + "x[[true, false, true]]") == [0, 1, 2, 3, 8, 9, 10, 11])
        #expect(try scalars(Self.grid + "x[1, x[0] > 1]") == [6, 7])
        #expect(try shape(Self.grid + "x[x > 100]") == [0])
    }

    @Test func indexListsGather() throws {
        #expect(try scalars(Self.grid + "x[[0, 2]]") == [0, 1, 2, 3, 8, 9, 10, 11])
        #expect(try scalars(Self.grid + "x[:, [0, -1]]") == [0, 3, 4, 7, 8, 11])
        #expect(try scalars(Self.grid + "x[1, tensor([3, 2, 3])]") == [7, 6, 7])
        #expect(try scalars(Self.grid + "x[tolist(tensor([1, 0]))]") == [4, 5, 6, 7, 0, 1, 2, 3])
        #expect(try shape(Self.grid + "x[[]]") == [0, 4])
        #expect(try scalars(Self.grid + "x[argmax(x[:, 0], 0)]") == [8, 9, 10, 11])
    }

    @Test func negativeSteps() throws {
        #expect(try scalars(Self.grid + "x[:, ::-1][0]") == [3, 2, 1, 0])
        #expect(try scalars(Self.grid + "x[0, ::-2]") == [3, 1])
        #expect(try scalars(Self.grid + "x[::-1, 1]") == [9, 5, 1])
        #expect(try scalars(Self.grid + "x[2, 2:0:-1]") == [10, 9])
        #expect(try scalars("arange(5)[::-1]") == [4, 3, 2, 1, 0])
    }

    @Test func selectionsAreDifferentiable() throws {
        let s = Session()
        try s.run("let x = requires_grad(tensor([[1, -2, 3], [-4, 5, -6]]))")
        #expect(try s.tensor("grad(sum(x[x > 0] * 2), wrt: x)").scalars == [2, 0, 2, 0, 2, 0])
        #expect(try s.tensor("grad(sum(x[:, [2, 2, 0]]), wrt: x)").scalars == [1, 0, 2, 1, 0, 2])
        #expect(try s.tensor("grad(sum(x[1, ::-1] * tensor([1, 2, 3])), wrt: x)").scalars == [0, 0, 0, 3, 2, 1])
    }

    @Test func assignmentRebindsTheName() throws {
        #expect(try scalars(Self.grid + "x[0, 0] = 100\nx[0]") == [100, 1, 2, 3])
        #expect(try scalars(Self.grid + "x[:, 1] = 0\nx[:, 1]") == [0, 0, 0])
        #expect(try scalars("let x = tensor([3, -1, 4, -1])\nx[x < 0] = 0\nx") == [3, 0, 4, 0])
        #expect(try scalars(Self.grid + "x[[0, 2]] = tensor([1, 2, 3, 4])\nx[:, 3]") == [4, 7, 4])
        #expect(try scalars(Self.grid + "x[0] += 1\nx[0, ::-1] *= 2\nx[0]") == [2, 4, 6, 8])
        #expect(try scalars(Self.grid + "x[1][2] = -1\nx[1]") == [4, 5, -1, 7])
        // The old tensor is a value: other bindings of it keep their values.
        #expect(try scalars(Self.grid + "let y = x\nx[0, 0] = 100\ny[0, :2]") == [0, 1])
        // Records and lists holding tensors get the new tensor.
        #expect(try scalars("let r = {w: zeros([3])}\nr.w[1] = 5\nlet l = [ones([2])]\nl[0][0] = 7\ncat([r.w, l[0]], axis: 0)") == [0, 5, 0, 7, 1])
    }

    @Test func assignmentIsDifferentiable() throws {
        let s = Session()
        try s.run("""
            let x = requires_grad(tensor([[1, 2], [3, 4]]))
            let v = requires_grad(tensor(10))
            let y = x
            y[0, 0] = 100
            y[:, 1] = v * 2
            """)
        #expect(try s.tensor("y").scalars == [100, 20, 3, 20])
        #expect(try s.tensor("grad(sum(y * y), wrt: x)").scalars == [0, 0, 6, 0])
        #expect(try s.tensor("grad(sum(y * y), wrt: v)").scalars == [160])
    }

    @Test("bad indices and values are errors that name the place")
    func errors() throws {
        let cases: [(String, String)] = [
            ("x[tensor([1, 0])]", "a mask of shape (2,) does not match axis 0 of shape (3,)"),
            ("x[x > 1, 0]", "3 indices for a tensor of rank 2"),
            ("x[x[:, :2] > 1]", "a mask of shape (3, 2) does not match axes 0…1 of shape (3, 4)"),
            ("x[0.5]", "an index must be a whole number, got 0.5"),
            ("x[[0, 1.5]]", "an index must be a whole number, got 1.5"),
            ("x[[\"a\"]]", "an index list"),
            ("x[\"a\"]", "not by a string"),
            ("x[[0, 3]]", "index 3 is out of range for axis 0 of length 3"),
            ("x[0, -5]", "index -5 is out of range for axis 1 of length 4"),
            ("x[[0], [1]]", "one index list or mask per indexing"),
            ("x[0, ::0]", "slice step cannot be zero"),
            ("x[reshape(arange(4) + 2, [2, 2])]", "a tensor index is a mask of 0s and 1s or a 1-D tensor of positions"),
            ("x[0] = tensor([1, 2])", "a value of shape (2,) cannot fill a selection of shape (4,)"),
            ("x[0] = \"a\"", "cannot put a string into a tensor"),
        ]
        for (source, message) in cases {
            guard let e = failure(Self.grid + source) else { continue }
            #expect(e.message.contains(message), "\(source): \(e.message)")
            #expect(e.span.map { $0.file.line(containing: $0.start) } == 2, "\(source): no place")
        }
    }

    @Test("every refused assignment has one wording and the where() hint")
    func refusals() throws {
        let cases: [(String, String)] = [
            ("let p = param(zeros([3]))\np[0] = 1", "cannot assign into a parameter: models and optimisers hold it"),
            ("let b = buffer(zeros([3]))\nb[0] = 1", "cannot assign into a buffer"),
            ("let x = zeros([2, 3])\nx.shape[0] = 5", "cannot assign into 'shape' of a tensor of shape (2, 3): it is read-only"),
            ("let x = zeros([2, 3])\nx.T[0, 0] = 5", "cannot assign into 'T' of a tensor"),
            ("fn f() { return zeros([2]) }\nf()[0] = 1", "cannot assign into a tensor that no name holds"),
            ("let n = 3\nn[0] = 1", "cannot assign into a number: it has no items"),
            ("let l = [1, 2]\nl[0:1] = 1", "cannot assign into a slice of a list"),
        ]
        for (source, message) in cases {
            guard let e = failure(source) else { continue }
            #expect(e.message.hasPrefix(message), "\(source): \(e.message)")
            #expect(e.notes.contains { $0.message.contains("where(mask, value, x)") }, "\(source): \(e.notes)")
        }
    }
}
