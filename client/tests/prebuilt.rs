//! `prebuilt/` holds what this checkout's sources build, and records their fingerprint: a fresh
//! clone's `scripts/demo` runs these contracts without building them.
//!
//! Each file must have the size of a build from source. Not its bytes: contract-build's output
//! is not byte-reproducible from one build context to another (measured here: the same sources
//! gave Wasm of the same size with functions in another order, depending on the checkout and on
//! what the shared Wasm target directory already held), while any change to the code changes
//! the fingerprint, and almost any the size.
//!
//! After changing a contract's sources (or Cargo.lock, or the toolchain), refresh `prebuilt/`
//! with `scripts/prebuilt` (this test with `NUTS_WRITE_PREBUILT=1`) and commit it.

use client::{
    contracts::{self, Contract},
    prebuilt,
};
use contract_build::BuildArtifacts;

#[test]
fn prebuilt_holds_what_the_sources_build() {
    let root = contracts::workspace_root();
    let built = contracts::build(
        prebuilt::CONTRACTS,
        BuildArtifacts::CodeOnly,
        |i, n, name, s| eprintln!("  [{i}/{n}] built {name} ({s:.1}s)"),
    )
    .expect("the demo's contracts build");
    let fingerprint = prebuilt::fingerprint(&root).expect("the sources are readable");
    if std::env::var_os("NUTS_WRITE_PREBUILT").is_some() {
        let dir = root.join(prebuilt::DIR);
        std::fs::create_dir_all(&dir).expect("prebuilt/ can be made");
        for (contract, artifact) in &built {
            std::fs::write(prebuilt::path(*contract), &artifact.wasm).expect("written");
        }
        std::fs::write(dir.join("SOURCES"), format!("{fingerprint}\n")).expect("written");
        eprintln!(
            "wrote {} contracts and SOURCES into {}",
            built.len(),
            dir.display()
        );
    }
    let refresh = "refresh it with scripts/prebuilt and commit prebuilt/";
    let stale: Vec<String> = built
        .iter()
        .filter_map(|(contract, artifact): (&Contract, _)| {
            let size = std::fs::metadata(prebuilt::path(*contract)).map(|file| file.len());
            let built = artifact.wasm.len() as u64;
            (size.as_ref().ok() != Some(&built)).then(|| {
                format!(
                    "{}: {size:?} bytes in prebuilt/, {built} built",
                    contract.name
                )
            })
        })
        .collect();
    assert!(
        stale.is_empty(),
        "prebuilt/ differs from what the sources build: {stale:?}: {refresh}"
    );
    assert_eq!(
        prebuilt::recorded(&root).expect("prebuilt/SOURCES is there"),
        fingerprint,
        "prebuilt/SOURCES does not record these sources' fingerprint: {refresh}"
    );
    assert_eq!(prebuilt::check(), Ok(()));
}
