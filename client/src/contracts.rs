//! Builds the platform's contracts (release Wasm, as `cargo contract build --release` does, with
//! the same `contract-build` library) once per process, and hands out their code.
//!
//! Cargo's own incremental build decides what is stale, so an edited contract is always rebuilt
//! before a test or the demo uses it.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    sync::Mutex,
};
#[cfg(feature = "build")]
use std::{io::Write, time::Instant};

#[cfg(feature = "build")]
use contract_build::{BuildArtifacts, BuildMode, ExecuteArgs, ManifestPath, OutputType, Verbosity};

/// One contract crate of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Contract {
    /// The crate's package name (also the name of its artifacts).
    pub name: &'static str,
    /// Its directory: relative to the platform's workspace root, or absolute (an instrument in
    /// another repository, see [`artifact`]).
    pub dir: &'static str,
}

/// The instrument escrow (one per instrument domain).
pub const INSTRUMENT_ESCROW: Contract = Contract {
    name: "instrument_escrow",
    dir: "escrow/instrument_escrow",
};
/// The issuance escrow (one per issuance).
pub const ISSUANCE_ESCROW: Contract = Contract {
    name: "issuance_escrow",
    dir: "escrow/issuance_escrow",
};
/// The NUTS token.
pub const NUTS_TOKEN: Contract = Contract {
    name: "nuts_token",
    dir: "tokens/nuts_token",
};
/// The faucet PSP22 token used in tests and the demo.
pub const TEST_TOKEN: Contract = Contract {
    name: "test_token",
    dir: "tokens/test_token",
};

/// The price oracle.
pub const PRICE_ORACLE: Contract = Contract {
    name: "price_oracle",
    dir: "price_oracle",
};
/// The instrument registry.
pub const REGISTRY: Contract = Contract {
    name: "registry",
    dir: "registry",
};
/// The instrument manager, v1 (issuance data as blobs in the manager).
pub const MANAGER_V1: Contract = Contract {
    name: "instrument_manager_v1",
    dir: "instrument_manager/instrument_manager_v1",
};
/// The instrument manager, v2 (issuance data in one issuance storage per issuance).
pub const MANAGER_V2: Contract = Contract {
    name: "instrument_manager_v2",
    dir: "instrument_manager/instrument_manager_v2",
};
/// The instrument manager, v3 (issuance data in one issuance contract per issuance).
pub const MANAGER_V3: Contract = Contract {
    name: "instrument_manager_v3",
    dir: "instrument_manager/instrument_manager_v3",
};
/// The issuance storage of v2 (one per issuance).
pub const ISSUANCE_STORAGE: Contract = Contract {
    name: "issuance_storage",
    dir: "instrument_manager/issuance_storage",
};
/// The lending instrument on interface v1.
pub const LENDING_V1: Contract = Contract {
    name: "lending_v1",
    dir: "instruments/lending/lending_v1",
};
/// The lending instrument on interface v2.
pub const LENDING_V2: Contract = Contract {
    name: "lending_v2",
    dir: "instruments/lending/lending_v2",
};
/// The lending instrument on interface v3.
pub const LENDING_V3: Contract = Contract {
    name: "lending_v3",
    dir: "instruments/lending/lending_v3",
};
/// One lending issuance on interface v3.
pub const LENDING_ISSUANCE: Contract = Contract {
    name: "lending_issuance_v3",
    dir: "instruments/lending/lending_issuance_v3",
};

/// The borrowing instrument on interface v1.
pub const BORROWING_V1: Contract = Contract {
    name: "borrowing_v1",
    dir: "instruments/borrowing/borrowing_v1",
};
/// The spot swap instrument on interface v1.
pub const SPOT_SWAP_V1: Contract = Contract {
    name: "spot_swap_v1",
    dir: "instruments/swap/spot_swap_v1",
};
/// The multi-swap instrument on interface v2.
pub const MULTI_SWAP_V2: Contract = Contract {
    name: "multi_swap_v2",
    dir: "instruments/swap/multi_swap_v2",
};
/// The lending and borrowing instruments' typed forms (contracts-UI, Polkadot.js).
pub const LENDING_FORMS: Contract = Contract {
    name: "lending_forms",
    dir: "instruments/lending/lending_forms",
};
/// The spot-swap and multi-swap instruments' typed forms (contracts-UI, Polkadot.js).
pub const SWAP_FORMS: Contract = Contract {
    name: "swap_forms",
    dir: "instruments/swap/swap_forms",
};
/// Every contract of the platform, in build order.
pub const ALL: &[Contract] = &[
    INSTRUMENT_ESCROW,
    ISSUANCE_ESCROW,
    NUTS_TOKEN,
    TEST_TOKEN,
    PRICE_ORACLE,
    REGISTRY,
    MANAGER_V1,
    MANAGER_V2,
    MANAGER_V3,
    ISSUANCE_STORAGE,
    LENDING_V1,
    LENDING_V2,
    LENDING_V3,
    LENDING_ISSUANCE,
    BORROWING_V1,
    SPOT_SWAP_V1,
    MULTI_SWAP_V2,
    LENDING_FORMS,
    SWAP_FORMS,
    HOSTILE_INSTRUMENT,
];

/// A test-only instrument that returns whatever Outcome its caller scripts, and tries what an
/// FSP's code should not be able to do (see `e2e/hostile_instrument`).
pub const HOSTILE_INSTRUMENT: Contract = Contract {
    name: "hostile_instrument",
    dir: "e2e/hostile_instrument",
};

/// The manager contract of `version`.
pub fn manager(version: traits::ManagerVersion) -> Contract {
    match version {
        traits::ManagerVersion::V1 => MANAGER_V1,
        traits::ManagerVersion::V2 => MANAGER_V2,
        traits::ManagerVersion::V3 => MANAGER_V3,
    }
}

/// A built contract.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// The optimized Wasm code.
    pub wasm: Vec<u8>,
    /// Where the Wasm file is.
    pub path: PathBuf,
    /// With `BuildArtifacts::All`: the metadata (`<name>.json`) and the bundle
    /// (`<name>.contract`, Wasm and metadata in one file, what contracts-UI uploads).
    pub metadata: Option<(PathBuf, PathBuf)>,
}

/// The contracts of a platform deployment before any instrument: NUTS, the oracle, the registry
/// and the code its `Config` names (managers, escrows, issuance storage).
pub const PLATFORM: &[Contract] = &[
    NUTS_TOKEN,
    PRICE_ORACLE,
    REGISTRY,
    MANAGER_V1,
    MANAGER_V2,
    MANAGER_V3,
    INSTRUMENT_ESCROW,
    ISSUANCE_ESCROW,
    ISSUANCE_STORAGE,
];

/// Every contract a chain runs: [`ALL`] but the test-only hostile instrument.
pub fn deployable() -> Vec<Contract> {
    ALL.iter()
        .copied()
        .filter(|contract| *contract != HOSTILE_INSTRUMENT)
        .collect()
}

/// The workspace root (this crate lives in `<root>/client`).
///
/// The path compiled in is where this crate was built; cargo does not rebuild a crate whose
/// checkout moved but shares its target directory, so when that path is gone the root is found
/// again from the package cargo is running (`CARGO_MANIFEST_DIR` at run time) or the current
/// directory: the nearest ancestor holding `client/Cargo.toml`.
pub fn workspace_root() -> PathBuf {
    let compiled = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("client/ has a parent")
        .to_path_buf();
    if compiled.join("client/Cargo.toml").is_file() {
        return compiled;
    }
    let starts = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(std::env::current_dir().ok());
    starts
        .flat_map(|start| start.ancestors().map(Path::to_path_buf).collect::<Vec<_>>())
        .find(|dir| dir.join("client/Cargo.toml").is_file())
        .unwrap_or(compiled)
}

/// Builds `contracts` in release mode (`BuildArtifacts::CodeOnly`: the Wasm; `All`: also the
/// metadata and the `.contract` bundle), reporting `(index, total, name, seconds)` after each.
#[cfg(feature = "build")]
pub fn build(
    contracts: &[Contract],
    artifacts: BuildArtifacts,
    mut progress: impl FnMut(usize, usize, &str, f64),
) -> Result<BTreeMap<Contract, Artifact>, String> {
    use_pinned_toolchain();
    share_wasm_target_dir(contracts);
    let mut built = BTreeMap::new();
    for (index, contract) in contracts.iter().enumerate() {
        let started = Instant::now();
        let manifest = workspace_root().join(contract.dir).join("Cargo.toml");
        let args = ExecuteArgs {
            manifest_path: ManifestPath::new(&manifest)
                .map_err(|e| format!("{}: {e}", contract.name))?,
            verbosity: Verbosity::Quiet,
            build_mode: BuildMode::Release,
            build_artifact: artifacts,
            output_type: OutputType::Json,
            ..ExecuteArgs::default()
        };
        // One contract build at a time in this process: they share the Wasm target directory,
        // and a bundle build (`bundles::build`, metadata included) that overlapped another
        // test's code-only build of a different contract lost its Wasm file mid-copy.
        static BUILDING: Mutex<()> = Mutex::new(());
        let building = BUILDING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let result = contract_build::execute(args).map_err(|e| {
            // cargo's own output (above, on stderr) has the cause; the error is often empty.
            format!(
                "building {} failed: {e:#} (contract builds deny clippy's arithmetic and \
                 truncation lints: `cargo clippy -p {}` shows them)",
                contract.name, contract.name
            )
        })?;
        let path = result
            .dest_wasm
            .ok_or_else(|| format!("building {}: no Wasm produced", contract.name))?;
        let wasm = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        drop(building);
        let metadata = result
            .metadata_result
            .map(|m| (m.dest_metadata, m.dest_bundle));
        progress(
            index + 1,
            contracts.len(),
            contract.name,
            started.elapsed().as_secs_f64(),
        );
        built.insert(
            *contract,
            Artifact {
                wasm,
                path,
                metadata,
            },
        );
    }
    Ok(built)
}

/// `contract`'s release Wasm, made once per process on first use: one of the platform's own, or
/// an instrument from another repository, whose `dir` is its crate's absolute path. A chain asks
/// only for the contracts it runs, so the demo waits for the 12 it needs, not all 20.
///
/// With the `build` feature (the default) it is built from source (progress on stderr; builds
/// are serialised, as they share the Wasm target directory); without it, it is read from
/// `prebuilt/` ([`crate::prebuilt`]), which refuses when the sources changed.
pub fn artifact(contract: Contract) -> Result<Artifact, String> {
    static MADE: Mutex<BTreeMap<Contract, Result<Artifact, String>>> = Mutex::new(BTreeMap::new());
    let mut made = MADE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    #[cfg(feature = "build")]
    if made.is_empty() {
        // Written to stderr directly: the test harness captures `eprintln!`, and a cold
        // build takes minutes that the person waiting should see.
        let _ = writeln!(
            std::io::stderr(),
            "building contracts as they are needed (release Wasm; the first one compiles ink! \
             for Wasm and takes minutes on a cold cache)..."
        );
    }
    made.entry(contract)
        .or_insert_with(|| make(contract))
        .clone()
}

#[cfg(feature = "build")]
fn make(contract: Contract) -> Result<Artifact, String> {
    let mut one = build(
        &[contract],
        BuildArtifacts::CodeOnly,
        |_, _, name, seconds| {
            let _ = writeln!(std::io::stderr(), "  built {name} ({seconds:.1}s)");
        },
    )?;
    one.remove(&contract)
        .ok_or_else(|| format!("building {}: nothing built", contract.name))
}

#[cfg(not(feature = "build"))]
fn make(contract: Contract) -> Result<Artifact, String> {
    crate::prebuilt::artifact(contract)
}

/// Each of `contracts` built (see [`artifact`]); the first build error if any.
pub fn artifacts(contracts: &[Contract]) -> Result<BTreeMap<Contract, Artifact>, String> {
    contracts
        .iter()
        .map(|contract| Ok((*contract, artifact(*contract)?)))
        .collect()
}

/// `contract-build` gives every workspace member its own target directory
/// (`<target>/ink/<name>`), so each contract would compile `core`, `alloc` and ink for Wasm
/// again. Pointing those directories at one shared directory lets cargo reuse what the contracts
/// have in common (a cold build of all contracts drops from ~3 minutes each to ~1). Directories
/// that already exist are left as they are.
#[cfg(feature = "build")]
fn share_wasm_target_dir(contracts: &[Contract]) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let ink = target.join("ink");
    let shared = ink.join("shared");
    if std::fs::create_dir_all(&shared).is_err() {
        return;
    }
    for contract in contracts {
        let dir = ink.join(contract.name);
        if std::fs::symlink_metadata(&dir).is_err() {
            // Best effort: without the link the contract still builds, only slower.
            let _ = std::os::unix::fs::symlink(&shared, &dir);
        }
    }
}

/// Nested cargo runs start in temporary directories where `rust-toolchain.toml` is not seen:
/// point them at the workspace's pinned toolchain explicitly.
#[cfg(feature = "build")]
fn use_pinned_toolchain() {
    if std::env::var_os("RUSTUP_TOOLCHAIN").is_some() {
        return;
    }
    let file = workspace_root().join("rust-toolchain.toml");
    let Ok(text) = std::fs::read_to_string(file) else {
        return;
    };
    let channel = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("channel"))
        .and_then(|rest| rest.split('"').nth(1));
    if let Some(channel) = channel {
        std::env::set_var("RUSTUP_TOOLCHAIN", channel);
    }
}
