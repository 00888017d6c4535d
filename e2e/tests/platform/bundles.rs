//! `nuts build`: every deployable contract's bundle is built, and every constructor and message
//! in every bundle has docs (contracts-UI and Polkadot.js show them to users).

use client::{bundles, contracts};

#[test]
fn every_bundle_documents_every_constructor_and_message() {
    let out = std::env::temp_dir().join(format!("nuts-bundles-{}", std::process::id()));
    let built = bundles::build(&out, |_, _, _, _| {}).expect("the bundles build");
    assert_eq!(
        built.len(),
        contracts::deployable().len(),
        "one bundle per contract"
    );
    let mut undocumented = Vec::new();
    for bundle in &built {
        let contract = bundles::read_json(&bundle.bundle).expect("the bundle is JSON");
        assert_eq!(
            contract["contract"]["name"].as_str(),
            Some(bundle.contract.name),
            "{}",
            bundle.bundle.display()
        );
        let code = contract["source"]["wasm"].as_str().unwrap_or_default();
        assert!(
            code.starts_with("0x0061736d"),
            "{}: the bundle carries its Wasm",
            bundle.contract.name
        );
        let messages = contract["spec"]["messages"].as_array().map_or(0, Vec::len);
        assert!(
            messages > 0,
            "{}: the bundle lists its messages",
            bundle.contract.name
        );
        undocumented.extend(
            bundles::undocumented(&contract)
                .into_iter()
                .map(|item| format!("{}: {item}", bundle.contract.name)),
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(undocumented.is_empty(), "without docs: {undocumented:#?}");
}
