//! The registry as a contract developer tests it: tests on ink_e2e's clients (`contract_e2e`)
//! that build this contract (debug Wasm) and run it on ink!'s sandbox runtime (`cargo test -p
//! registry --features e2e-tests`), or on a `substrate-contracts-node` (add the feature
//! `e2e-node`; the node binary must be on `PATH` or named by `CONTRACTS_NODE`).
//!
//! The platform's own scenario tests (the `e2e` crate) drive the registry together with every
//! other contract; these check what the registry decides alone: who is admin, and which
//! activations it refuses before it calls anything.

use ink::{
    env::DefaultEnvironment,
    primitives::{AccountId, Hash},
};
use ink_e2e::{ContractsBackend, E2EBackend};
use traits::{Config, InstrumentRegistry, ManagerVersion, RegistryError};

use crate::registry::{Registry, RegistryRef};

/// A Config naming code that is never instantiated by these tests.
fn config(manager_v3: Option<Hash>) -> Config {
    Config {
        nuts_token: AccountId::from([0x11; 32]),
        instrument_deposit: 1_000,
        manager_v1: Some(Hash::from([0x21; 32])),
        manager_v2: Some(Hash::from([0x22; 32])),
        manager_v3,
        instrument_escrow: Hash::from([0x31; 32]),
        issuance_escrow: Hash::from([0x32; 32]),
        issuance_storage: Some(Hash::from([0x33; 32])),
    }
}

/// The admin role moves only when the proposed admin accepts; until then the old admin keeps
/// it, and nobody else may change the Config.
async fn admin_moves_in_two_steps<Client: E2EBackend>(client: &mut Client)
where
    <Client as ContractsBackend<DefaultEnvironment>>::Error: std::fmt::Debug,
{
    let alice = ink_e2e::account_id(ink_e2e::AccountKeyring::Alice);
    let bob = ink_e2e::account_id(ink_e2e::AccountKeyring::Bob);
    let contract = client
        .instantiate(
            "registry",
            &ink_e2e::alice(),
            &mut RegistryRef::new(config(None)),
        )
        .submit()
        .await
        .expect("instantiating the registry");
    let mut registry = contract.call_builder::<Registry>();

    let admin = client
        .call(&ink_e2e::bob(), &registry.admin())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(admin.return_value(), alice);
    let refused = client
        .call(&ink_e2e::bob(), &registry.set_config(config(None)))
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(refused.return_value(), Err(RegistryError::NotAdmin));
    let refused = client
        .call(&ink_e2e::bob(), &registry.accept_admin())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(refused.return_value(), Err(RegistryError::NotPendingAdmin));

    client
        .call(&ink_e2e::alice(), &registry.transfer_admin(bob))
        .submit()
        .await
        .expect("the admin proposes bob");
    let admin = client
        .call(&ink_e2e::bob(), &registry.admin())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(admin.return_value(), alice, "still alice until bob accepts");
    let pending = client
        .call(&ink_e2e::bob(), &registry.pending_admin())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(pending.return_value(), Some(bob));

    client
        .call(&ink_e2e::bob(), &registry.accept_admin())
        .submit()
        .await
        .expect("bob accepts");
    let admin = client
        .call(&ink_e2e::bob(), &registry.admin())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(admin.return_value(), bob);
    let refused = client
        .call(&ink_e2e::alice(), &registry.set_config(config(None)))
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(refused.return_value(), Err(RegistryError::NotAdmin));
    client
        .call(
            &ink_e2e::bob(),
            &registry.set_config(config(Some(Hash::from([0x23; 32])))),
        )
        .submit()
        .await
        .expect("the new admin sets the Config");
    let stored = client
        .call(&ink_e2e::alice(), &registry.config())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(stored.return_value(), config(Some(Hash::from([0x23; 32]))));
}

/// Activations the registry refuses before calling the instrument or instantiating anything:
/// times in the past or out of order, and a manager version the Config does not offer.
async fn activation_refused_up_front<Client: E2EBackend>(client: &mut Client)
where
    <Client as ContractsBackend<DefaultEnvironment>>::Error: std::fmt::Debug,
{
    let contract = client
        .instantiate(
            "registry",
            &ink_e2e::alice(),
            &mut RegistryRef::new(config(None)),
        )
        .submit()
        .await
        .expect("instantiating the registry");
    let mut registry = contract.call_builder::<Registry>();
    let instrument = AccountId::from([0x41; 32]);
    let far = u64::MAX / 2;

    for (termination, override_at) in [(0, 0), (far, 0), (far - 1, far)] {
        let refused = client
            .call(
                &ink_e2e::charlie(),
                &registry.activate_instrument(
                    ManagerVersion::V1,
                    instrument,
                    termination,
                    override_at,
                ),
            )
            .dry_run()
            .await
            .expect("dry run");
        assert_eq!(
            refused.return_value(),
            Err(RegistryError::InvalidTimestamps),
            "termination {termination}, override {override_at}"
        );
    }
    let refused = client
        .call(
            &ink_e2e::charlie(),
            &registry.activate_instrument(ManagerVersion::V3, instrument, far, far),
        )
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(
        refused.return_value(),
        Err(RegistryError::VersionNotConfigured)
    );
    let count = client
        .call(&ink_e2e::charlie(), &registry.instrument_count())
        .dry_run()
        .await
        .expect("dry run");
    assert_eq!(count.return_value(), 0);
}

#[test]
fn admin_moves_in_two_steps_in_the_sandbox() {
    contract_e2e::in_sandbox(env!("CARGO_MANIFEST_DIR"), |mut client| async move {
        admin_moves_in_two_steps(&mut client).await
    });
}

#[test]
fn activation_refused_up_front_in_the_sandbox() {
    contract_e2e::in_sandbox(env!("CARGO_MANIFEST_DIR"), |mut client| async move {
        activation_refused_up_front(&mut client).await
    });
}

#[cfg(feature = "e2e-node")]
#[test]
fn admin_moves_in_two_steps_on_a_node() {
    contract_e2e::on_node(env!("CARGO_MANIFEST_DIR"), |mut client| async move {
        admin_moves_in_two_steps(&mut client).await
    });
}

#[cfg(feature = "e2e-node")]
#[test]
fn activation_refused_up_front_on_a_node() {
    contract_e2e::on_node(env!("CARGO_MANIFEST_DIR"), |mut client| async move {
        activation_refused_up_front(&mut client).await
    });
}
