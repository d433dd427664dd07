import Crypto

/// The SHA-256 of a script's text as lowercase hex (comparable with `sha256sum`): run manifests and notebook
/// records name the exact script that made them.
public enum ScriptHash {
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}
