//! The `nuts demo` story runs end to end and leaves the balances the story tells.

use nuts_e2e::{
    demo::{self, DemoOptions, DEMO_DEPOSIT},
    platform::{COLLATERAL, INTEREST, PRINCIPAL},
};
use traits::ManagerVersion;

fn balance(report: &demo::DemoReport, party: &str, asset: &str) -> u128 {
    report
        .final_balances
        .iter()
        .find(|(p, a, _)| p == party && a == asset)
        .map(|(_, _, amount)| *amount)
        .unwrap_or(0)
}

#[test]
fn the_demo_story_ends_with_the_expected_balances_on_every_version() {
    for version in [ManagerVersion::V1, ManagerVersion::V2, ManagerVersion::V3] {
        let mut out = Vec::new();
        let report = demo::run(
            DemoOptions {
                version,
                json: false,
            },
            &mut out,
        )
        .expect("the demo runs");
        let text = String::from_utf8(out).unwrap();

        // loan 1 repaid (principal + interest to the maker), loan 2 defaulted (collateral to
        // the maker)
        assert_eq!(
            balance(&report, "maker", "USD"),
            50_000 - 2 * PRINCIPAL + PRINCIPAL + INTEREST
        );
        assert_eq!(balance(&report, "maker", "GOLD"), COLLATERAL);
        assert_eq!(
            balance(&report, "taker", "USD"),
            1_000 + 2 * PRINCIPAL - PRINCIPAL - INTEREST
        );
        assert_eq!(balance(&report, "taker", "GOLD"), 20_000 - COLLATERAL);
        assert_eq!(report.burned, DEMO_DEPOSIT);
        for expected in [
            format!("InstrumentActivated id 1 ({version:?}) by fsp"),
            "EventProcessed \"repay\"".to_string(),
            "spending limit 10000 USD".to_string(),
            "InstrumentDeactivated id 1 by fsp, 5000 NUTS burned".to_string(),
            "Summary (".to_string(),
        ] {
            assert!(
                text.contains(&expected),
                "the story on {version:?} tells `{expected}`:\n{text}"
            );
        }
    }
}

#[test]
fn the_demo_prints_json_lines() {
    let mut out = Vec::new();
    demo::run(
        DemoOptions {
            version: ManagerVersion::V3,
            json: true,
        },
        &mut out,
    )
    .expect("the demo runs");
    let text = String::from_utf8(out).unwrap();
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("every line is JSON");
        assert!(value.is_object());
    }
    assert!(text
        .lines()
        .last()
        .unwrap()
        .contains("\"nuts_burned\":5000"));
}
