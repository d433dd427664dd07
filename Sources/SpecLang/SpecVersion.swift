/// The version of spec, recorded in notebook manifests and shown by `spec --version`. Raise it with changes that
/// can alter a script's numbers or files.
public enum SpecVersion {
    public static let current = "0.5.0"
}
