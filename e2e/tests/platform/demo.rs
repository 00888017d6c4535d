//! The `nuts demo` story runs end to end and leaves the balances the story tells.

use client::platform::{COLLATERAL, INTEREST, PRINCIPAL};
use nuts::demo::{self, DemoInstrument, DemoOptions, DEMO_DEPOSIT};
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
                instrument: DemoInstrument::Lending,
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
            instrument: DemoInstrument::Lending,
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

/// A party's balance of an asset in the instrument escrow, as the demo reports it.
type Balance = (&'static str, &'static str, u128);

#[test]
fn every_instruments_story_ends_with_the_balances_it_tells() {
    // (party, asset, amount) at the end of each story; anything not listed is 0.
    let expected: [(DemoInstrument, &[Balance]); 3] = [
        (
            DemoInstrument::Borrowing,
            // repaid: the maker got 10000 USD and paid 10300; both collaterals came back
            &[
                ("maker", "GOLD", 20_000),
                ("maker", "USD", 1_000 + PRINCIPAL - PRINCIPAL - INTEREST),
                ("taker", "USD", 50_000 + INTEREST),
            ],
        ),
        (
            DemoInstrument::Swap,
            // one swap of 5000 GOLD for 10000 USD; the cancelled offer's GOLD came back
            &[
                ("maker", "GOLD", 15_000),
                ("maker", "USD", 10_000),
                ("taker", "GOLD", 5_000),
                ("taker", "USD", 10_000),
            ],
        ),
        (
            DemoInstrument::MultiSwap,
            // 300 USD buy 428 GOLD, 100 USD buy 142 GOLD; at due the other 430 GOLD go back
            &[
                ("maker", "GOLD", 20_000 - 428 - 142),
                ("maker", "USD", 400),
                ("taker", "GOLD", 428),
                ("taker", "USD", 700),
                ("taker 2", "GOLD", 142),
                ("taker 2", "USD", 900),
            ],
        ),
    ];
    for (instrument, balances) in expected {
        let version = *instrument.versions().first().unwrap();
        let options = DemoOptions {
            instrument,
            version,
            json: false,
        };
        let mut out = Vec::new();
        let report = demo::run(options, &mut out).expect("the demo runs");
        let mut told = report.final_balances.clone();
        told.sort();
        let mut wanted: Vec<_> = balances
            .iter()
            .map(|(party, asset, amount)| (party.to_string(), asset.to_string(), *amount))
            .collect();
        wanted.sort();
        assert_eq!(told, wanted, "{}", instrument.name());
        assert_eq!(report.burned, DEMO_DEPOSIT);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(&format!("activates its {} instrument", instrument.name())),
            "{text}"
        );
    }
    let wrong = DemoOptions {
        instrument: DemoInstrument::Swap,
        version: ManagerVersion::V3,
        json: false,
    };
    let refused = demo::run(wrong, &mut Vec::new()).expect_err("spot swap is not on v3");
    assert!(refused.reason.contains("ships on [V1]"), "{refused}");
}
