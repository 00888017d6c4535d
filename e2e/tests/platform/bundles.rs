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
    let typed = |name: &str| {
        let bundle = built
            .iter()
            .find(|bundle| bundle.contract.name == name)
            .expect("built");
        bundles::read_json(&bundle.bundle).expect("the bundle is JSON")
    };
    // The forms name the instruments' types, so contracts-UI renders a field per term.
    for (forms, message, argument, view) in [
        ("lending_forms", "offer", "LendingParams", "Loan"),
        ("swap_forms", "spot_offer", "SwapParams", "Swap"),
        ("swap_forms", "multi_offer", "MultiSwapParams", "Swap"),
    ] {
        let contract = typed(forms);
        assert_eq!(
            message_argument_types(&contract, message),
            vec![argument.to_string()],
            "{forms}::{message}"
        );
        assert!(
            type_paths(&contract).contains(&view.to_string()),
            "{forms} names {view}"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(undocumented.is_empty(), "without docs: {undocumented:#?}");
}

/// The type names (`displayName`, last segment) of `message`'s arguments in a bundle.
fn message_argument_types(contract: &serde_json::Value, message: &str) -> Vec<String> {
    let messages = contract["spec"]["messages"].as_array().expect("messages");
    let found = messages
        .iter()
        .find(|m| m["label"] == message)
        .unwrap_or_else(|| panic!("no message {message}"));
    let args = found["args"].as_array().expect("args");
    args.iter()
        .filter_map(|arg| arg["type"]["displayName"].as_array()?.last()?.as_str())
        .map(String::from)
        .collect()
}

/// The last segment of every type path in a bundle's type registry.
fn type_paths(contract: &serde_json::Value) -> Vec<String> {
    let types = contract["types"].as_array().expect("types");
    types
        .iter()
        .filter_map(|t| t["type"]["path"].as_array()?.last()?.as_str())
        .map(String::from)
        .collect()
}
