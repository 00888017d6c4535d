//! The demo's contracts as release Wasm committed in `prebuilt/`, so that a newcomer's first
//! `scripts/demo` compiles only the tool, not the contracts nor the Wasm optimizer
//! (`contract-build` links binaryen's C++, the longest single job of a cold build).
//!
//! `prebuilt/SOURCES` records a fingerprint of the contracts' sources (every file under
//! [`SOURCE_PATHS`]) the Wasm was built from. A tool built without the `build` feature serves a
//! contract from `prebuilt/` only while the fingerprint of the checkout's sources is that one:
//! an edited contract is never run from stale Wasm ([`check`] says so, and `scripts/demo` then
//! builds the contracts from source). CI builds them from source and checks that each file in
//! `prebuilt/` has the size of the build (`client/tests/prebuilt.rs`: not the bytes, as
//! contract-build's output is not byte-reproducible across build contexts); `scripts/prebuilt`
//! refreshes it.

use std::{
    path::{Path, PathBuf},
    sync::OnceLock,
};

use ink::env::hash::{Blake2x256, CryptoHash};

use crate::contracts::{self, workspace_root, Contract};

/// Where the Wasm files are, under the workspace root: `<name>.wasm` for each of [`CONTRACTS`],
/// and `SOURCES`.
pub const DIR: &str = "prebuilt";

/// The contracts `prebuilt/` holds: every contract a demo story deploys (the platform, the
/// example token, and the lending, borrowing, spot-swap and multi-swap instruments).
pub const CONTRACTS: &[Contract] = &[
    contracts::INSTRUMENT_ESCROW,
    contracts::ISSUANCE_ESCROW,
    contracts::NUTS_TOKEN,
    contracts::TEST_TOKEN,
    contracts::PRICE_ORACLE,
    contracts::REGISTRY,
    contracts::MANAGER_V1,
    contracts::MANAGER_V2,
    contracts::MANAGER_V3,
    contracts::ISSUANCE_STORAGE,
    contracts::LENDING_V1,
    contracts::LENDING_V2,
    contracts::LENDING_V3,
    contracts::LENDING_ISSUANCE,
    contracts::BORROWING_V1,
    contracts::SPOT_SWAP_V1,
    contracts::MULTI_SWAP_V2,
];

/// What a contract's release Wasm is built from, relative to the workspace root: the workspace
/// manifest (its release profile), the lock file, the toolchain, and every crate a contract
/// depends on. A change to any file under them (tests included) calls for a refresh.
pub const SOURCE_PATHS: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain.toml",
    "traits",
    "escrow",
    "tokens",
    "price_oracle",
    "registry",
    "instrument_manager",
    "instrument_settings",
    "instruments",
];

/// The fingerprint of the sources under `root` (hex, 64 digits): a BLAKE2-256 over each file's
/// path (relative, sorted) and the BLAKE2-256 of its content. Build outputs (`target`,
/// `node_modules`) and hidden files are left out. Errors: a file that cannot be read.
pub fn fingerprint(root: &Path) -> Result<String, String> {
    let mut files = Vec::new();
    for path in SOURCE_PATHS {
        collect(root, &root.join(path), &mut files)?;
    }
    files.sort();
    let mut listing = Vec::new();
    for relative in &files {
        let content = std::fs::read(root.join(relative))
            .map_err(|e| format!("reading {}: {e}", relative.display()))?;
        listing.extend_from_slice(relative.to_string_lossy().as_bytes());
        listing.push(0);
        listing.extend_from_slice(&blake2(&content));
    }
    Ok(hex(&blake2(&listing)))
}

/// The fingerprint `prebuilt/SOURCES` records. Errors: the file is missing or unreadable.
pub fn recorded(root: &Path) -> Result<String, String> {
    let path = root.join(DIR).join("SOURCES");
    std::fs::read_to_string(&path)
        .map(|text| text.trim().to_string())
        .map_err(|e| format!("reading {}: {e}", path.display()))
}

/// Whether `prebuilt/` was built from this checkout's sources (worked out once per process);
/// `Err` says why not, in words.
pub fn check() -> Result<(), String> {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    CHECKED.get_or_init(compare).clone()
}

fn compare() -> Result<(), String> {
    let root = workspace_root();
    let (recorded, current) = (recorded(&root)?, fingerprint(&root)?);
    if recorded == current {
        Ok(())
    } else {
        Err(format!(
            "the contracts' sources changed since {DIR}/ was built, and this nuts (built \
             without the `build` feature) cannot build them: scripts/demo then builds them from \
             source, and scripts/prebuilt refreshes {DIR}/"
        ))
    }
}

/// `contract`'s Wasm from `prebuilt/`, after [`check`]. Errors: the sources changed, or the
/// contract is not one of [`CONTRACTS`].
pub fn artifact(contract: Contract) -> Result<contracts::Artifact, String> {
    check()?;
    if !CONTRACTS.contains(&contract) {
        return Err(format!(
            "{} is not among the prebuilt contracts ({DIR}/): this nuts was built without the \
             `build` feature, which builds every contract",
            contract.name
        ));
    }
    let path = path(contract);
    let wasm = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    Ok(contracts::Artifact {
        wasm,
        path,
        metadata: None,
    })
}

/// Where `contract`'s prebuilt Wasm is.
pub fn path(contract: Contract) -> PathBuf {
    workspace_root()
        .join(DIR)
        .join(format!("{}.wasm", contract.name))
}

fn collect(root: &Path, path: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let hidden_or_output = path
        .file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('.') || name == "target" || name == "node_modules");
    if hidden_or_output {
        return Ok(());
    }
    if path.is_dir() {
        let entries =
            std::fs::read_dir(path).map_err(|e| format!("listing {}: {e}", path.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("listing {}: {e}", path.display()))?;
            collect(root, &entry.path(), files)?;
        }
    } else if path.is_file() {
        let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        files.push(relative);
    } else {
        return Err(format!("{} is missing", path.display()));
    }
    Ok(())
}

fn blake2(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0; 32];
    Blake2x256::hash(bytes, &mut out);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_changes_with_a_files_content_or_name_and_not_with_outputs() {
        let root = std::env::temp_dir().join(format!("nuts-prebuilt-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        for path in SOURCE_PATHS {
            let at = root.join(path);
            if path.contains('.') {
                std::fs::write(&at, "x").unwrap();
            } else {
                std::fs::create_dir_all(at.join("src")).unwrap();
                std::fs::write(at.join("src/lib.rs"), "fn a() {}").unwrap();
            }
        }
        let first = fingerprint(&root).unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(
            fingerprint(&root).unwrap(),
            first,
            "the same files, the same fingerprint"
        );

        std::fs::create_dir_all(root.join("traits/target")).unwrap();
        std::fs::write(root.join("traits/target/out.wasm"), "built").unwrap();
        std::fs::write(root.join("traits/.swp"), "editor").unwrap();
        assert_eq!(
            fingerprint(&root).unwrap(),
            first,
            "outputs and hidden files do not count"
        );

        std::fs::write(root.join("traits/src/lib.rs"), "fn b() {}").unwrap();
        let edited = fingerprint(&root).unwrap();
        assert_ne!(edited, first, "an edited file");

        std::fs::rename(
            root.join("traits/src/lib.rs"),
            root.join("traits/src/main.rs"),
        )
        .unwrap();
        assert_ne!(fingerprint(&root).unwrap(), edited, "a renamed file");

        std::fs::remove_dir_all(root.join("registry")).unwrap();
        assert!(fingerprint(&root).unwrap_err().contains("registry"));
        let _ = std::fs::remove_dir_all(&root);
    }
}
