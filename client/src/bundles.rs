//! `nuts build`: every deployable contract's release Wasm, metadata and `.contract` bundle in one
//! directory, built with the `contract-build` library (what `cargo contract build --release`
//! runs), and the check that every constructor and message in them is documented (contracts-UI
//! and Polkadot.js show those docs to users).

use std::path::{Path, PathBuf};

use contract_build::BuildArtifacts;
use serde_json::Value;

use crate::contracts::{self, Contract};

/// One contract's files in the output directory.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The contract.
    pub contract: Contract,
    /// `<name>.contract`: Wasm and metadata, what contracts-UI uploads.
    pub bundle: PathBuf,
    /// `<name>.json`: the metadata alone (the ABI Polkadot.js loads).
    pub metadata: PathBuf,
    /// `<name>.wasm`: the code alone.
    pub wasm: PathBuf,
    /// Its size in bytes.
    pub wasm_size: usize,
}

/// Builds every deployable contract (all but the test-only hostile instrument) with its
/// metadata and bundle, copies the three files of each into `out`, and reports
/// `(index, total, name, seconds)` after each build.
pub fn build(
    out: &Path,
    progress: impl FnMut(usize, usize, &str, f64),
) -> Result<Vec<Bundle>, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    // The code-only builds of this process (`contracts::artifact`) write to the same
    // directories and drop the metadata files there: let them come first.
    contracts::artifacts(&contracts::deployable())?;
    let built = contracts::build(&contracts::deployable(), BuildArtifacts::All, progress)?;
    let mut bundles = Vec::new();
    for (contract, artifact) in built {
        let (metadata, bundle) = artifact
            .metadata
            .ok_or_else(|| format!("{}: no metadata was generated", contract.name))?;
        let copy = |from: &Path, extension: &str| -> Result<PathBuf, String> {
            let to = out.join(format!("{}.{extension}", contract.name));
            std::fs::copy(from, &to)
                .map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))?;
            Ok(to)
        };
        bundles.push(Bundle {
            contract,
            bundle: copy(&bundle, "contract")?,
            metadata: copy(&metadata, "json")?,
            wasm: copy(&artifact.path, "wasm")?,
            wasm_size: artifact.wasm.len(),
        });
    }
    Ok(bundles)
}

/// The constructors and messages of a contract's metadata (`<name>.json` or the `.contract`
/// bundle, ink! metadata v5) that have no docs, as `constructor new` / `message Trait::name`.
pub fn undocumented(metadata: &Value) -> Vec<String> {
    let mut missing = Vec::new();
    for (kind, list) in [("constructor", "constructors"), ("message", "messages")] {
        let entries = metadata["spec"][list]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for entry in entries {
            let documented = entry["docs"].as_array().is_some_and(|lines| {
                lines
                    .iter()
                    .any(|line| line.as_str().is_some_and(|l| !l.trim().is_empty()))
            });
            if !documented {
                let label = entry["label"].as_str().unwrap_or("?");
                missing.push(format!("{kind} {label}"));
            }
        }
    }
    missing
}

/// Reads a metadata or bundle file as JSON.
pub fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_without_docs_is_reported() {
        let metadata = serde_json::json!({
            "spec": {
                "constructors": [{"label": "new", "docs": ["Makes one."]}],
                "messages": [
                    {"label": "Psp22::transfer", "docs": []},
                    {"label": "ok", "docs": ["", " Fine."]},
                    {"label": "blank", "docs": ["  "]},
                ],
            }
        });
        assert_eq!(
            undocumented(&metadata),
            vec![
                "message Psp22::transfer".to_string(),
                "message blank".to_string()
            ]
        );
    }
}
