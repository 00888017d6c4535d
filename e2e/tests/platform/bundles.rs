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
    assert!(undocumented.is_empty(), "without docs: {undocumented:#?}");
    polkadot_js_encodes_the_typed_forms_as_the_rust_client_does(&out);
    the_web_apps_forms_encode_as_the_rust_client_does(&out);
    let _ = std::fs::remove_dir_all(&out);
}

/// Polkadot.js (@polkadot/api-contract, what contracts-UI uses) encodes a typed offer, a
/// repayment and a multi-swap engagement through the forms' messages, field by field from JSON
/// as a form fills them, to the very bytes the Rust client sends (`params.encode()`).
fn polkadot_js_encodes_the_typed_forms_as_the_rust_client_does(bundles: &std::path::Path) {
    if !node_and_npm() {
        println!("SKIPPED the Polkadot.js encoding of the typed forms: Node.js and npm are not installed");
        return;
    }
    use ink::scale::Encode;
    use serde_json::json;
    use traits::{AccountId, Asset, Balance};
    let asset = |asset: Asset| match asset {
        Asset::Native => json!("Native"),
        Asset::Token(token) => json!({ "Token": hex(token.as_ref()) }),
    };
    let (usd, gold) = (
        Asset::Token(AccountId::from([7; 32])),
        Asset::Token(AccountId::from([8; 32])),
    );
    // 12-decimal amounts, beyond what a JSON number holds exactly: typed as strings.
    let unit: Balance = 1_000_000_000_000;
    let loan = lending_logic::LendingParams {
        lending_asset: usd,
        principal: 10_000 * unit,
        collateral_asset: gold,
        collateral_ratio: 15_000,
        collateral_bound: 7_000 * unit,
        tenor_days: 30,
        interest_rate: 1_000,
        issuance_duration_days: 7,
    };
    let swap = swap_logic::SwapParams {
        input_asset: usd,
        input_amount: 100 * unit,
        output_asset: gold,
        output_amount: 60 * unit,
        issuance_duration_days: 3,
    };
    let multi = swap_logic::MultiSwapParams {
        swap,
        min_output: 10 * unit,
        max_output: 30 * unit,
    };
    let swap_json = json!({
        "inputAsset": asset(swap.input_asset),
        "inputAmount": swap.input_amount.to_string(),
        "outputAsset": asset(swap.output_asset),
        "outputAmount": swap.output_amount.to_string(),
        "issuanceDurationDays": swap.issuance_duration_days,
    });
    let repayment: Balance = 10_300 * unit;
    let cases = json!([
        {
            "bundle": "lending_forms.contract",
            "message": "offer",
            "args": [{
                "lendingAsset": asset(loan.lending_asset),
                "principal": loan.principal.to_string(),
                "collateralAsset": asset(loan.collateral_asset),
                "collateralRatio": loan.collateral_ratio,
                "collateralBound": loan.collateral_bound.to_string(),
                "tenorDays": loan.tenor_days,
                "interestRate": loan.interest_rate,
                "issuanceDurationDays": loan.issuance_duration_days,
            }],
            "expected": hex(&loan.encode()),
        },
        {
            "bundle": "lending_forms.contract",
            "message": "repayment",
            "args": [repayment.to_string()],
            "expected": hex(&repayment.encode()),
        },
        {
            "bundle": "swap_forms.contract",
            "message": "spot_offer",
            "args": [swap_json],
            "expected": hex(&swap.encode()),
        },
        {
            "bundle": "swap_forms.contract",
            "message": "multi_offer",
            "args": [{
                "swap": swap_json,
                "minOutput": multi.min_output.to_string(),
                "maxOutput": multi.max_output.to_string(),
            }],
            "expected": hex(&multi.encode()),
        },
        {
            "bundle": "swap_forms.contract",
            "message": "multi_engagement",
            "args": [(30 * unit).to_string()],
            "expected": hex(&(30 * unit).encode()),
        },
    ]);
    let file = bundles.join("forms-cases.json");
    std::fs::write(&file, cases.to_string()).expect("the cases are written");
    let mut check = script("polkadot-js-check");
    check
        .env("NUTS_BUNDLES", bundles)
        .env("NUTS_FORMS_CASES", &file);
    let text = passes(check);
    assert!(
        text.contains("typed forms: 5 typed encodings equal the Rust client's bytes"),
        "{text}"
    );
}

/// Whether Node.js and npm are installed (the Polkadot.js and web-app checks need both).
fn node_and_npm() -> bool {
    ["node", "npm"].iter().all(|tool| {
        std::process::Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    })
}

/// `bytes` as 0x and lowercase hex digits, as Polkadot.js writes them.
fn hex(bytes: &[u8]) -> String {
    format!(
        "0x{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// The workspace's `scripts/<name>`, to be run.
fn script(name: &str) -> std::process::Command {
    std::process::Command::new(contracts::workspace_root().join("scripts").join(name))
}

/// Runs `command`, asserts that it succeeds, and gives its stdout and stderr joined.
fn passes(mut command: std::process::Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{command:?} does not run: {error}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{command:?} fails:\n{text}");
    text
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

/// The web app's forms (`app/forms.js`, the page's own code) turn an offer of each instrument,
/// a repayment and a multi-swap engagement, typed as a person types them in the page (whole
/// tokens, percentages, days), into the very bytes the Rust client sends. No node, no browser.
fn the_web_apps_forms_encode_as_the_rust_client_does(bundles: &std::path::Path) {
    if !node_and_npm() {
        println!("SKIPPED the web app's form encoding: Node.js and npm are not installed");
        return;
    }
    use ink::scale::Encode;
    use serde_json::json;
    use traits::{AccountId, Asset, Balance};
    let (usd, gold) = (AccountId::from([7; 32]), AccountId::from([8; 32]));
    let tokens = json!([
        { "symbol": "USD", "decimals": 12, "asset": { "Token": hex(usd.as_ref()) } },
        { "symbol": "GOLD", "decimals": 12, "asset": { "Token": hex(gold.as_ref()) } },
    ]);
    let unit: Balance = 1_000_000_000_000;
    let loan = |kind: &str, bound: &str, expected: Balance| {
        let params = lending_logic::LendingParams {
            lending_asset: Asset::Token(usd),
            principal: 10_000 * unit + unit / 2,
            collateral_asset: Asset::Token(gold),
            collateral_ratio: 15_050,
            collateral_bound: expected,
            tenor_days: 30,
            interest_rate: 1_250,
            issuance_duration_days: 7,
        };
        json!({
            "kind": kind,
            "tokens": tokens,
            "fields": {
                "principal": "10000.5", "principalToken": "USD", "collateralPercent": "150.5",
                "collateralToken": "gold", "collateralBound": bound, "tenorDays": "30",
                "dailyRatePercent": "0.125", "offerDays": "7",
            },
            "expected": hex(&params.encode()),
        })
    };
    let swap = swap_logic::SwapParams {
        input_asset: Asset::Token(usd),
        input_amount: 100 * unit,
        output_asset: Asset::Token(gold),
        output_amount: 60 * unit + 1,
        issuance_duration_days: 3,
    };
    let multi = swap_logic::MultiSwapParams {
        swap,
        min_output: 10 * unit,
        max_output: 30 * unit,
    };
    let swap_fields = json!({
        "give": "100", "giveToken": "USD", "get": "60.000000000001", "getToken": "GOLD",
        "offerDays": "3", "minOutput": "10", "maxOutput": "30",
    });
    let cases = json!([
        loan("lending", "", 0),
        loan("borrowing", "7000.25", 7_000 * unit + unit / 4),
        { "kind": "spot swap", "tokens": tokens, "fields": swap_fields, "expected": hex(&swap.encode()) },
        { "kind": "multi-swap", "tokens": tokens, "fields": swap_fields, "expected": hex(&multi.encode()) },
        { "kind": "repayment", "fields": { "owed": "10300" }, "expected": hex(&(10_300 * unit).encode()) },
        {
            "kind": "multi-swap engagement",
            "fields": { "output": "30" },
            "expected": hex(&(30 * unit).encode()),
        },
    ]);
    let file = bundles.join("app-forms-cases.json");
    std::fs::write(&file, cases.to_string()).expect("the cases are written");
    let mut check = script("app-check");
    check.arg("forms").arg(bundles).arg(&file);
    let text = passes(check);
    assert!(
        text.contains("app forms: 6 offers and payloads typed in the page's forms equal the Rust client's bytes"),
        "{text}"
    );
}
