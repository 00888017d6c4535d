//! The lending instrument (v2) as a contract developer tests it: tests on ink_e2e's clients
//! (`contract_e2e`) that build this contract (debug Wasm) and run it on ink!'s sandbox runtime
//! (`cargo test -p lending_v2 --features e2e-tests`), or on a `substrate-contracts-node` (add the
//! feature `e2e-node`; the node binary must be on `PATH` or named by `CONTRACTS_NODE`).
//!
//! What the instrument decides alone: its terms, fixed and checked at instantiation, and its
//! settings, which only its owner (the FSP) changes. Loans themselves run through a manager and
//! escrows: the platform's scenario tests (the `e2e` crate) and the conformance suite cover them.

use ink::{env::DefaultEnvironment, primitives::AccountId};
use ink_e2e::{ContractsBackend, E2EBackend};
use lending_logic::LendingTerms;
use traits::{Instrument, InstrumentError};

use crate::lending_v2::{LendingV2, LendingV2Ref};

/// Inconsistent terms are refused at instantiation; consistent ones are kept, with the oracle,
/// and the instantiator owns the instrument.
async fn terms_checked_at_instantiation<Client: E2EBackend>(client: &mut Client)
where
    <Client as ContractsBackend<DefaultEnvironment>>::Error: std::fmt::Debug,
{
    let oracle = AccountId::from([0x51; 32]);
    for terms in [
        LendingTerms {
            min_issuance_duration_days: 0,
            ..LendingTerms::default()
        },
        LendingTerms {
            min_issuance_duration_days: 15,
            max_issuance_duration_days: 14,
            max_total_issuance_duration_days: 28,
        },
        LendingTerms {
            max_total_issuance_duration_days: 13,
            ..LendingTerms::default()
        },
    ] {
        let refused = client
            .instantiate(
                "lending_v2",
                &ink_e2e::alice(),
                &mut LendingV2Ref::new(oracle, terms),
            )
            .dry_run()
            .await
            .expect("dry run");
        assert_eq!(
            refused.constructor_result::<Result<(), InstrumentError>>(),
            Ok(Err(InstrumentError::InvalidParameters)),
            "{terms:?}"
        );
    }

    let terms = LendingTerms {
        min_issuance_duration_days: 2,
        max_issuance_duration_days: 7,
        max_total_issuance_duration_days: 21,
    };
    let contract = client
        .instantiate(
            "lending_v2",
            &ink_e2e::alice(),
            &mut LendingV2Ref::new(oracle, terms),
        )
        .submit()
        .await
        .expect("instantiating with consistent terms");
    let lending = contract.call_builder::<LendingV2>();
    let bob = ink_e2e::bob();
    let read = client
        .call(&bob, &lending.terms())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(read.return_value(), terms);
    let read = client
        .call(&bob, &lending.oracle())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(read.return_value(), oracle);
    let read = client
        .call(&bob, &lending.owner())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(
        read.return_value(),
        ink_e2e::account_id(ink_e2e::AccountKeyring::Alice)
    );
}

/// Only the owner turns the taker whitelist on and fills it; until then every taker is allowed.
async fn only_the_owner_keeps_the_whitelist<Client: E2EBackend>(client: &mut Client)
where
    <Client as ContractsBackend<DefaultEnvironment>>::Error: std::fmt::Debug,
{
    let oracle = AccountId::from([0x51; 32]);
    let charlie = ink_e2e::account_id(ink_e2e::AccountKeyring::Charlie);
    let contract = client
        .instantiate(
            "lending_v2",
            &ink_e2e::alice(),
            &mut LendingV2Ref::new(oracle, LendingTerms::default()),
        )
        .submit()
        .await
        .expect("instantiating");
    let mut lending = contract.call_builder::<LendingV2>();

    let allowed = client
        .call(&ink_e2e::bob(), &lending.is_taker_allowed(charlie))
        .dry_run()
        .await
        .expect("dry run");
    assert!(
        allowed.return_value(),
        "open until the owner enables the whitelist"
    );
    let refused = client
        .call(&ink_e2e::bob(), &lending.set_taker_whitelist_enabled(true))
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(refused.return_value(), Err(InstrumentError::NotOwner));
    let refused = client
        .call(&ink_e2e::bob(), &lending.set_taker_allowed(charlie, true))
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(refused.return_value(), Err(InstrumentError::NotOwner));

    client
        .call(
            &ink_e2e::alice(),
            &lending.set_taker_whitelist_enabled(true),
        )
        .submit()
        .await
        .expect("the owner enables the whitelist");
    let allowed = client
        .call(&ink_e2e::bob(), &lending.is_taker_allowed(charlie))
        .dry_run()
        .await
        .expect("dry run");
    assert!(!allowed.return_value(), "not on the whitelist yet");
    client
        .call(&ink_e2e::alice(), &lending.set_taker_allowed(charlie, true))
        .submit()
        .await
        .expect("the owner allows charlie");
    let allowed = client
        .call(&ink_e2e::bob(), &lending.is_taker_allowed(charlie))
        .dry_run()
        .await
        .expect("dry run");
    assert!(allowed.return_value());
}

#[test]
fn terms_checked_at_instantiation_in_the_sandbox() {
    contract_e2e::in_sandbox(env!("CARGO_MANIFEST_DIR"), |mut client| async move {
        terms_checked_at_instantiation(&mut client).await
    });
}

#[test]
fn only_the_owner_keeps_the_whitelist_in_the_sandbox() {
    contract_e2e::in_sandbox(env!("CARGO_MANIFEST_DIR"), |mut client| async move {
        only_the_owner_keeps_the_whitelist(&mut client).await
    });
}

#[cfg(feature = "e2e-node")]
#[test]
fn terms_checked_at_instantiation_on_a_node() {
    contract_e2e::on_node(env!("CARGO_MANIFEST_DIR"), |mut client| async move {
        terms_checked_at_instantiation(&mut client).await
    });
}

#[cfg(feature = "e2e-node")]
#[test]
fn only_the_owner_keeps_the_whitelist_on_a_node() {
    contract_e2e::on_node(env!("CARGO_MANIFEST_DIR"), |mut client| async move {
        only_the_owner_keeps_the_whitelist(&mut client).await
    });
}
