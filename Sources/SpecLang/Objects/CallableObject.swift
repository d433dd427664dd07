/// An object that a script calls like a function (`d(x)`, `d(x, classes)` for a model). The call is a builtin the
/// object makes: its parameters are bound and type-checked like any builtin's, and its errors name it.
public protocol CallableObject: SpecObject {
    /// The builtin that runs a call of this object.
    var callable: Builtin { get }
}
