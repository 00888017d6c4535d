//! Activation and deactivation of instruments, and the registry's Config (docs/SPEC.md §3).

use client::platform::Platform;
use lending_logic::REPAY;
use traits::{
    events::{InstrumentActivated, InstrumentDeactivated},
    ManagerError, ManagerVersion, PSP22Error, RegistryError, DAY_MS,
};

use crate::fixtures::*;

#[test]
fn activation_moves_the_deposit_to_a_new_manager_and_records_it() {
    let mut w = World::new(ManagerVersion::V3);
    let (fsp, instrument, manager, nuts, registry) =
        (w.fsp, w.instrument, w.manager, w.p.nuts, w.p.registry);
    assert_eq!(registry.instrument_count(w.chain()), 1);
    assert_eq!(registry.manager_of(w.chain(), 1), Some(manager));
    assert_eq!(nuts.balance_of(w.chain(), manager.0), DEPOSIT);
    assert_eq!(nuts.balance_of(w.chain(), fsp), 9 * DEPOSIT);
    let setup = manager.setup(w.chain());
    assert_eq!(
        (setup.instrument_id, setup.fsp, setup.instrument),
        (1, fsp, instrument.0)
    );
    assert_eq!(
        (setup.override_timestamp, setup.termination_timestamp),
        (OVERRIDE_AT, TERMINATION_AT)
    );
    assert!(manager.is_active(w.chain()));

    // the same instrument again: a second, separate domain
    let (reply, second) = w.p.activate(
        fsp,
        ManagerVersion::V3,
        instrument.0,
        TERMINATION_AT,
        OVERRIDE_AT,
    );
    assert_eq!(reply, Ok(Ok(2)));
    let second = second.unwrap();
    let second_escrow = second.instrument_escrow(w.chain());
    assert_eq!(
        w.chain().events_of::<InstrumentActivated>(),
        vec![InstrumentActivated {
            instrument_id: 2,
            fsp,
            instrument: instrument.0,
            manager: second.0,
            instrument_escrow: second_escrow.0,
            version: ManagerVersion::V3,
        }]
    );
    assert_ne!(second, manager);
    assert_ne!(second_escrow, w.escrow, "domains never share an escrow");
    assert_eq!(nuts.balance_of(w.chain(), fsp), 8 * DEPOSIT);
}

#[test]
fn activation_is_refused_to_others_unknown_versions_and_unpaid_deposits() {
    let mut w = World::new(ManagerVersion::V3);
    let (fsp, maker, instrument, nuts, registry) =
        (w.fsp, w.maker, w.instrument, w.p.nuts, w.p.registry);
    // not the instrument's owner
    w.p.give_nuts(maker, DEPOSIT);
    let (reply, _) = w.p.activate(
        maker,
        ManagerVersion::V3,
        instrument.0,
        TERMINATION_AT,
        OVERRIDE_AT,
    );
    assert_eq!(reply, Ok(Err(RegistryError::NotInstrumentOwner)));
    // not an instrument at all
    let (reply, _) =
        w.p.activate(fsp, ManagerVersion::V3, maker, TERMINATION_AT, OVERRIDE_AT);
    assert_eq!(reply, Ok(Err(RegistryError::InstrumentCallFailed)));
    // a version without a manager code hash
    let (admin, mut config) = (w.p.admin, registry.config(w.chain()));
    config.manager_v1 = None;
    assert_eq!(registry.set_config(w.chain(), admin, config), Ok(Ok(())));
    let (reply, _) = w.p.activate(
        fsp,
        ManagerVersion::V1,
        instrument.0,
        TERMINATION_AT,
        OVERRIDE_AT,
    );
    assert_eq!(reply, Ok(Err(RegistryError::VersionNotConfigured)));
    // no allowance for the deposit
    assert_eq!(nuts.approve(w.chain(), fsp, registry.0, 0), Ok(Ok(())));
    let refused = registry.activate_instrument(
        w.chain(),
        fsp,
        ManagerVersion::V3,
        instrument.0,
        TERMINATION_AT,
        OVERRIDE_AT,
    );
    assert_eq!(
        refused,
        Ok(Err(RegistryError::DepositFailed(
            PSP22Error::InsufficientAllowance
        )))
    );
    assert!(w.chain().events().is_empty());
    assert_eq!(registry.instrument_count(w.chain()), 1);
    assert_eq!(nuts.balance_of(w.chain(), fsp), 9 * DEPOSIT);
}

#[test]
fn the_fsp_deactivates_only_after_the_override_time_and_the_deposit_is_burned() {
    let mut w = World::new(ManagerVersion::V3);
    let limit = w.everything();
    let (fsp, maker, manager, nuts) = (w.fsp, w.maker, w.manager, w.p.nuts);
    let supply = nuts.total_supply(w.chain());
    assert_eq!(
        manager.deactivate(w.chain(), fsp),
        Ok(Err(ManagerError::DeactivationNotAllowed))
    );
    w.chain().set_time(OVERRIDE_AT - 1);
    assert_eq!(
        manager.deactivate(w.chain(), fsp),
        Ok(Err(ManagerError::DeactivationNotAllowed))
    );
    assert_eq!(
        manager.deactivate(w.chain(), maker),
        Ok(Err(ManagerError::DeactivationNotAllowed)),
        "not the FSP"
    );
    w.chain().set_time(OVERRIDE_AT);
    assert_eq!(
        manager.deactivate(w.chain(), maker),
        Ok(Err(ManagerError::DeactivationNotAllowed)),
        "still not the FSP"
    );
    assert_eq!(manager.deactivate(w.chain(), fsp), Ok(Ok(())));
    assert_eq!(
        w.chain().events_of::<InstrumentDeactivated>(),
        vec![InstrumentDeactivated {
            instrument_id: 1,
            by: fsp,
            burned: DEPOSIT
        }]
    );
    assert_eq!(nuts.total_supply(w.chain()), supply - DEPOSIT);
    assert_eq!(nuts.balance_of(w.chain(), manager.0), 0);
    assert!(!manager.is_active(w.chain()));
    assert_eq!(
        manager.deactivate(w.chain(), fsp),
        Ok(Err(ManagerError::DeactivationNotAllowed)),
        "only once"
    );
    let loan = w.loan();
    assert_eq!(
        manager.create_issuance(w.chain(), maker, loan, limit.clone()),
        Ok(Err(ManagerError::InstrumentInactive))
    );
}

#[test]
fn anyone_deactivates_after_termination_and_no_issuance_is_created_past_it() {
    let mut w = World::new(ManagerVersion::V3);
    let limit = w.everything();
    let (keeper, maker, manager, nuts) = (w.keeper, w.maker, w.manager, w.p.nuts);
    w.chain().set_time(TERMINATION_AT - 1);
    assert_eq!(
        manager.deactivate(w.chain(), keeper),
        Ok(Err(ManagerError::DeactivationNotAllowed))
    );
    w.chain().set_time(TERMINATION_AT);
    // past termination, creating fails even before anyone deactivates
    let loan = w.loan();
    assert_eq!(
        manager.create_issuance(w.chain(), maker, loan, limit.clone()),
        Ok(Err(ManagerError::InstrumentInactive))
    );
    assert!(!manager.is_active(w.chain()));
    assert_eq!(manager.deactivate(w.chain(), keeper), Ok(Ok(())));
    assert_eq!(nuts.balance_of(w.chain(), manager.0), 0);
}

#[test]
fn existing_loans_run_to_their_end_after_deactivation() {
    let mut w = World::new(ManagerVersion::V3);
    let limit = w.everything();
    let (fsp, taker, maker, manager, usd) = (w.fsp, w.taker, w.maker, w.manager, w.usd);
    let id = w.engaged_loan();
    w.chain().set_time(OVERRIDE_AT - 10 * DAY_MS);
    w.chain().advance_time(10 * DAY_MS);
    assert_eq!(manager.deactivate(w.chain(), fsp), Ok(Ok(())));
    // the loan was engaged at genesis and is due after 30 days: repay is late now, default works
    let late = manager.process_custom_event(
        w.chain(),
        taker,
        id,
        Some(1),
        REPAY,
        PRINCIPAL + INTEREST,
        limit.clone(),
    );
    assert_eq!(
        late,
        Ok(Err(ManagerError::Instrument(
            traits::InstrumentError::TooLate
        )))
    );
    let fired = manager.process_scheduled_event(
        w.chain(),
        taker,
        id,
        Some(1),
        lending_logic::ENGAGEMENT_DUE,
    );
    assert_eq!(fired, Ok(Ok(())));
    let gold = w.gold;
    assert_eq!(w.escrowed(maker, gold), COLLATERAL);
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS - PRINCIPAL);
    w.check_escrows(1);
}

#[test]
fn only_the_admin_changes_the_config_and_the_role_moves_in_two_steps() {
    let mut p = Platform::new(0);
    let (admin, registry) = (p.admin, p.registry);
    let successor = p.chain.account("successor");
    let mut config = registry.config(&mut p.chain);
    config.instrument_deposit = 7;
    assert_eq!(
        registry.set_config(&mut p.chain, successor, config),
        Ok(Err(RegistryError::NotAdmin))
    );
    assert_eq!(
        registry.transfer_admin(&mut p.chain, successor, successor),
        Ok(Err(RegistryError::NotAdmin))
    );
    assert_eq!(
        registry.transfer_admin(&mut p.chain, admin, successor),
        Ok(Ok(()))
    );
    assert_eq!(
        registry.admin(&mut p.chain),
        admin,
        "nothing moves until accepted"
    );
    assert_eq!(
        registry.accept_admin(&mut p.chain, admin),
        Ok(Err(RegistryError::NotPendingAdmin))
    );
    assert_eq!(registry.accept_admin(&mut p.chain, successor), Ok(Ok(())));
    assert_eq!(registry.admin(&mut p.chain), successor);
    assert_eq!(
        registry.set_config(&mut p.chain, admin, config),
        Ok(Err(RegistryError::NotAdmin))
    );
    assert_eq!(
        registry.set_config(&mut p.chain, successor, config),
        Ok(Ok(()))
    );
    assert_eq!(registry.config(&mut p.chain).instrument_deposit, 7);
}

#[test]
fn config_changes_only_affect_later_activations() {
    let mut w = World::new(ManagerVersion::V3);
    let (fsp, admin, registry, manager, instrument) =
        (w.fsp, w.p.admin, w.p.registry, w.manager, w.instrument);
    let mut config = registry.config(w.chain());
    config.instrument_deposit = DEPOSIT * 2;
    assert_eq!(registry.set_config(w.chain(), admin, config), Ok(Ok(())));
    assert_eq!(
        manager.setup(w.chain()).nuts_deposit,
        DEPOSIT,
        "the first domain keeps its deposit"
    );
    let (reply, second) = w.p.activate(
        fsp,
        ManagerVersion::V3,
        instrument.0,
        TERMINATION_AT,
        OVERRIDE_AT,
    );
    assert_eq!(reply, Ok(Ok(2)));
    let second = second.unwrap();
    assert_eq!(second.setup(w.chain()).nuts_deposit, DEPOSIT * 2);
    let nuts = w.p.nuts;
    assert_eq!(nuts.balance_of(w.chain(), second.0), DEPOSIT * 2);
}
