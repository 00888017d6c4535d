//! The harness of a contract crate's own ink! e2e tests (`cargo test -p registry --features
//! e2e-tests`): the test drives ink_e2e's own clients, with ink_e2e's call builders
//! (`client.instantiate(..)`, `client.call(..).dry_run()`, `.submit()`), on ink!'s sandbox
//! runtime ([`in_sandbox`]) or on a `substrate-contracts-node` ([`on_node`]).
//!
//! Why not `#[ink_e2e::test]` itself: in ink_e2e 5.1.1 that attribute builds the crate under test
//! *and every package `cargo metadata` lists with an `ink-as-dependency` feature*. In this
//! workspace that is all 18 contracts plus `psp22` 2.0.0, in debug with metadata; measured here:
//! 797 s for one crate's tests, then a failure, since psp22's source does not pass the clippy
//! lints `contract-build` 5.0.3 makes mandatory. The attribute has no option to build less. This
//! harness builds only the contract under test, once per test process.

use std::{
    collections::BTreeMap,
    future::Future,
    path::{Path, PathBuf},
    sync::Mutex,
};

use contract_build::{BuildArtifacts, BuildMode, ExecuteArgs, ManifestPath, Verbosity};
use ink::env::DefaultEnvironment;

/// ink_e2e's sandbox client with ink!'s default sandbox runtime (what
/// `#[ink_e2e::test(backend(runtime_only))]` gives a test).
pub type SandboxClient = ink_e2e::SandboxClient<
    ink::primitives::AccountId,
    ink::primitives::Hash,
    ink_e2e::DefaultSandbox,
>;

/// ink_e2e's client of a live node (what `#[ink_e2e::test]` gives a test).
pub type NodeClient = ink_e2e::Client<ink_e2e::PolkadotConfig, DefaultEnvironment>;

/// The contract crate at `manifest_dir` (pass `env!("CARGO_MANIFEST_DIR")`) built as ink_e2e
/// builds it (debug Wasm), once per process; the Wasm's path, whose file name is the name
/// `client.instantiate(name, ..)` takes. Panics with the build error.
pub fn build(manifest_dir: &str) -> PathBuf {
    static BUILT: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    built
        .entry(manifest_dir.to_string())
        .or_insert_with(|| {
            eprintln!("building {manifest_dir} (debug Wasm) for its e2e tests...");
            let manifest = Path::new(manifest_dir).join("Cargo.toml");
            let args = ExecuteArgs {
                manifest_path: ManifestPath::new(&manifest)
                    .unwrap_or_else(|e| panic!("{}: {e}", manifest.display())),
                verbosity: Verbosity::Quiet,
                build_mode: BuildMode::Debug,
                build_artifact: BuildArtifacts::CodeOnly,
                ..ExecuteArgs::default()
            };
            contract_build::execute(args)
                .unwrap_or_else(|e| panic!("building {manifest_dir} failed: {e:#}"))
                .dest_wasm
                .expect("contract-build gives the Wasm's path")
        })
        .clone()
}

/// Runs `test` on a fresh sandbox runtime holding the code of the contract at `manifest_dir`.
pub fn in_sandbox<Test, Run>(manifest_dir: &str, test: Test)
where
    Test: FnOnce(SandboxClient) -> Run,
    Run: Future<Output = ()>,
{
    let client = SandboxClient::new([build(manifest_dir)]);
    runtime().block_on(test(client));
}

/// Runs `test` on a `substrate-contracts-node` started for it (the binary `CONTRACTS_NODE`
/// names, else `substrate-contracts-node` on `PATH`), with the code of the contract at
/// `manifest_dir`. Panics if the node does not start.
pub fn on_node<Test, Run>(manifest_dir: &str, test: Test)
where
    Test: FnOnce(NodeClient) -> Run,
    Run: Future<Output = ()>,
{
    let wasm = build(manifest_dir);
    runtime().block_on(async move {
        let node = ink_e2e::TestNodeProcess::<ink_e2e::PolkadotConfig>::build_with_env_or_default()
            .spawn()
            .await
            .unwrap_or_else(|e| panic!("starting substrate-contracts-node: {e:?}"));
        let client = NodeClient::new(node.rpc(), [wasm])
            .await
            .unwrap_or_else(|e| panic!("connecting to the node: {e:?}"));
        test(client).await;
    });
}

fn runtime() -> ink_e2e::tokio::runtime::Runtime {
    ink_e2e::tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
