//! The error variants the other scenarios do not reach: a Config naming code or tokens that do
//! not work, a NUTS token that cannot burn, a missing oracle rate, an instrument called outside
//! its manager, an issuance factory with a bad code hash, and an issuance's last engagement. Each
//! is a typed error and nothing changes.

use client::{
    chain::constructor_input,
    clients::{ref_to, refs::LendingV3Ref, InstrumentClient, Storage, Token},
    contracts,
    platform::{Platform, PRINCIPAL},
};
use ink::{codegen::TraitCallBuilder, contract_ref, env::DefaultEnvironment};
use lending_logic::{LendingParams, LendingTerms, DATA_LOAN};
use traits::InstrumentV2;
use traits::{
    AccountId, Asset, CompletionRatio, Hash, InstrumentError, IssuanceContext, IssuanceState,
    ManagerError, ManagerVersion, Outcome, RegistryError, SpendingLimit, MAX_ENGAGEMENTS,
};

use crate::fixtures::*;

/// A code hash nothing was uploaded with.
fn no_code() -> Hash {
    Hash::from([7; 32])
}

/// A platform, an FSP holding NUTS and a lending instrument (v3) it owns.
fn platform() -> (Platform, AccountId, InstrumentClient) {
    let mut p = Platform::new(DEPOSIT);
    let fsp = p.chain.account("fsp");
    let oracle = p.oracle;
    let instrument =
        InstrumentClient::deploy_lending(&mut p.chain, fsp, oracle, ManagerVersion::V3, b"l");
    p.give_nuts(fsp, DEPOSIT);
    (p, fsp, instrument)
}

#[test]
fn config_mistakes_refuse_activation_typed_and_move_nothing() {
    let (mut p, fsp, instrument) = platform();
    let (admin, registry) = (p.admin, p.registry);
    let good = registry.config(&mut p.chain);
    let nobody = p.chain.account("nobody");
    let cases = [
        (
            traits::Config {
                manager_v3: Some(no_code()),
                ..good
            },
            RegistryError::ManagerInstantiationFailed,
        ),
        (
            traits::Config {
                instrument_escrow: no_code(),
                ..good
            },
            RegistryError::Manager(ManagerError::EscrowCallFailed),
        ),
        (
            traits::Config {
                nuts_token: nobody,
                ..good
            },
            RegistryError::NutsTokenCallFailed,
        ),
    ];
    for (config, error) in cases {
        assert_eq!(registry.set_config(&mut p.chain, admin, config), Ok(Ok(())));
        let (reply, manager) = p.activate(
            fsp,
            ManagerVersion::V3,
            instrument.0,
            TERMINATION_AT,
            OVERRIDE_AT,
        );
        assert_eq!(reply, Ok(Err(error)));
        assert_eq!(manager, None);
        assert_eq!(registry.instrument_count(&mut p.chain), 0);
        assert_eq!(p.nuts.balance_of(&mut p.chain, fsp), DEPOSIT);
    }
}

#[test]
fn a_deposit_token_that_cannot_burn_leaves_the_domain_active() {
    let (mut p, fsp, instrument) = platform();
    let (admin, registry) = (p.admin, p.registry);
    // a PSP22 without `burn` as the NUTS token
    let token = Token::deploy_test_token(&mut p.chain, admin, 0, b"not burnable");
    let config = traits::Config {
        nuts_token: token.0,
        ..registry.config(&mut p.chain)
    };
    assert_eq!(registry.set_config(&mut p.chain, admin, config), Ok(Ok(())));
    token.mint_to(&mut p.chain, fsp, DEPOSIT);
    assert_eq!(
        token.approve(&mut p.chain, fsp, registry.0, DEPOSIT),
        Ok(Ok(()))
    );
    let activated = registry.activate_instrument(
        &mut p.chain,
        fsp,
        ManagerVersion::V3,
        instrument.0,
        TERMINATION_AT,
        OVERRIDE_AT,
    );
    assert_eq!(activated, Ok(Ok(1)));
    let manager = registry.manager_of(&mut p.chain, 1).expect("activated");
    p.chain.set_time(OVERRIDE_AT);
    assert_eq!(
        manager.deactivate(&mut p.chain, fsp),
        Ok(Err(ManagerError::BurnFailed))
    );
    assert!(manager.is_active(&mut p.chain));
    assert_eq!(token.balance_of(&mut p.chain, manager.0), DEPOSIT);
}

#[test]
fn an_issuance_factory_with_bad_code_refuses_create() {
    let (mut p, fsp, _) = platform();
    let oracle = p.oracle;
    let new = LendingV3Ref::new(no_code(), oracle.0, LendingTerms::default());
    let factory = p
        .chain
        .instantiate(
            contracts::LENDING_V3,
            fsp,
            constructor_input(new),
            0,
            b"bad code",
        )
        .expect("the factory instantiates");
    let (reply, manager) = p.activate(
        fsp,
        ManagerVersion::V3,
        factory,
        TERMINATION_AT,
        OVERRIDE_AT,
    );
    assert_eq!(reply, Ok(Ok(1)));
    let manager = manager.expect("activated");
    let maker = p.chain.account("maker");
    let usd = Token::deploy_test_token(&mut p.chain, fsp, 0, b"usd");
    let escrow = manager.instrument_escrow(&mut p.chain);
    client::platform::fund(&mut p.chain, escrow, maker, usd, PRINCIPAL);
    let loan = client::platform::example_loan(usd.asset(), Asset::Native);
    let created = manager.create_issuance(
        &mut p.chain,
        maker,
        loan,
        SpendingLimit::of(usd.asset(), PRINCIPAL),
    );
    assert_eq!(
        created,
        Ok(Err(ManagerError::Instrument(
            InstrumentError::IssuanceInstantiationFailed
        )))
    );
    assert_eq!(manager.issuance_count(&mut p.chain), 0);
    assert_eq!(
        escrow.balance_of(&mut p.chain, maker, usd.asset()),
        PRINCIPAL
    );
}

fn a_missing_oracle_rate_refuses_the_engagement(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, taker) = (w.manager, w.maker, w.taker);
    // the oracle prices USD in GOLD only
    let loan = LendingParams {
        collateral_asset: Asset::Native,
        ..w.loan()
    };
    let limit = SpendingLimit::of(w.usd.asset(), PRINCIPAL);
    let id = manager
        .create_issuance(w.chain(), maker, loan, limit)
        .expect("call")
        .expect("created: the rate is needed only at engagement");
    let limit = SpendingLimit::of(Asset::Native, 1_000_000);
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit),
        Ok(Err(ManagerError::Instrument(InstrumentError::OracleFailed)))
    );
    let record = manager.issuance(w.chain(), id).expect("exists");
    assert_eq!(
        (record.state, record.engagement_count),
        (IssuanceState::Engageable, 0)
    );
    assert_eq!(w.escrowed(taker, w.usd), TAKER_USD);
    w.check_escrows(1);
}

#[test]
fn lending_v2_called_outside_its_manager_cannot_write() {
    let mut w = World::new(ManagerVersion::V2);
    let (manager, instrument, taker) = (w.manager, w.instrument, w.taker);
    let id = w.create_loan();
    let record = manager.issuance(w.chain(), id).expect("exists");
    let storage = Storage(record.data_contract.expect("v2 keeps a storage"));
    let before = storage.get(w.chain(), DATA_LOAN);
    let context = IssuanceContext {
        instrument_id: 1,
        issuance_id: id,
        manager: taker,
        caller: taker,
        now: w.chain().now(),
        issuance: record,
        engagement: None,
    };
    let params = ink::scale::Encode::encode(&w.loan());
    let mut v2: contract_ref!(traits::InstrumentV2, DefaultEnvironment) = ref_to(instrument.0);
    let forged = w
        .chain()
        .send(taker, v2.call_mut().create(context, storage.0, params));
    assert_eq!(forged, Ok(Err(InstrumentError::StorageFailed)));
    assert_eq!(storage.get(w.chain(), DATA_LOAN), before);
}

#[test]
fn an_issuance_takes_at_most_max_engagements() {
    let mut p = Platform::new(DEPOSIT);
    let fsp = p.chain.account("fsp");
    let (maker, taker) = (p.chain.account("maker"), p.chain.account("taker"));
    let instrument = deploy_hostile(&mut p.chain, fsp, b"hostile");
    p.give_nuts(fsp, DEPOSIT);
    let (reply, manager) = p.activate(
        fsp,
        ManagerVersion::V1,
        instrument.0,
        TERMINATION_AT,
        OVERRIDE_AT,
    );
    assert_eq!(reply, Ok(Ok(1)));
    let manager = manager.expect("activated");
    // the hostile instrument returns what the caller scripts: open, no transfer, no blob
    let open = (
        Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO),
        0u32,
        0u8,
    );
    let none = SpendingLimit::none;
    let chain = &mut p.chain;
    let id = manager
        .create_issuance(chain, maker, open.clone(), none())
        .expect("call")
        .expect("created");
    for expected in 1..=MAX_ENGAGEMENTS {
        let engaged = manager.engage_issuance(chain, taker, id, open.clone(), none());
        assert_eq!(engaged, Ok(Ok(expected)));
    }
    assert_eq!(
        manager.engage_issuance(chain, taker, id, open, none()),
        Ok(Err(ManagerError::TooManyEngagements))
    );
    let record = manager.issuance(chain, id).expect("exists");
    assert_eq!(record.engagement_count, MAX_ENGAGEMENTS);
}

on_every_version!(a_missing_oracle_rate_refuses_the_engagement);
