//! The original platform's lending suite, on managers v1, v2 and v3 alike (one scenario, three
//! tests): every scenario asserts escrow balances, states and events.

use client::clients::{ref_to, Escrow, InstrumentClient, LendingForms, Reply, Storage};
use ink::{codegen::TraitCallBuilder, env::DefaultEnvironment};
use lending_logic::{
    LendingParams, CANCEL, DATA_ISSUANCE_DUE, DATA_REPAY_AMOUNT, ENGAGEMENT_DUE, ISSUANCE_DUE,
    REPAY,
};
use traits::Issuance as _;
use traits::{
    events::{
        AssetTransferred, EngagementCreated, EngagementUpdated, EventProcessed, EventScheduled,
        EventUnscheduled, IssuanceClosed, IssuanceCreated, IssuanceUpdated,
    },
    AccountId, Asset, CompletionRatio, EngagementState, EscrowError, Fee, InstrumentError,
    IssuanceContext, IssuanceId, IssuanceState, ManagerError, ManagerVersion, Name, ScheduleKey,
    SpendingLimit, TransferKind, DAY_MS,
};

use crate::fixtures::*;
use client::{clients::Oracle, Chain};
use conformance::{AtDecimals, Raw, Subject};

fn state(w: &mut World, id: IssuanceId) -> (IssuanceState, CompletionRatio) {
    let manager = w.manager;
    let record = manager.issuance(w.chain(), id).expect("issuance exists");
    (record.state, record.completion_ratio)
}

fn engagement_state(w: &mut World, id: IssuanceId) -> EngagementState {
    let manager = w.manager;
    manager
        .engagement(w.chain(), id, 1)
        .expect("engagement exists")
        .state
}

fn repay(
    w: &mut World,
    caller: AccountId,
    id: IssuanceId,
    amount: u128,
) -> Reply<(), ManagerError> {
    let (manager, limit) = (w.manager, SpendingLimit::of(w.usd.asset(), amount));
    manager.process_custom_event(w.chain(), caller, id, Some(1), REPAY, amount, limit)
}

fn cancel(w: &mut World, caller: AccountId, id: IssuanceId) -> Reply<(), ManagerError> {
    let manager = w.manager;
    manager.process_custom_event(
        w.chain(),
        caller,
        id,
        None,
        CANCEL,
        (),
        SpendingLimit::none(),
    )
}

fn fire(
    w: &mut World,
    id: IssuanceId,
    engagement: Option<u64>,
    name: Name,
) -> Reply<(), ManagerError> {
    let (manager, keeper) = (w.manager, w.keeper);
    manager.process_scheduled_event(w.chain(), keeper, id, engagement, name)
}

fn refused(error: InstrumentError) -> Reply<(), ManagerError> {
    Ok(Err(ManagerError::Instrument(error)))
}

// --- create ------------------------------------------------------------------------------------

fn invalid_parameters_are_refused_and_nothing_moves(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, maker) = (w.manager, w.maker);
    let bad_loans = [
        LendingParams {
            tenor_days: 91,
            ..w.loan()
        },
        LendingParams {
            collateral_ratio: 4_000,
            ..w.loan()
        },
        LendingParams {
            interest_rate: 60_000,
            ..w.loan()
        },
        LendingParams {
            issuance_duration_days: 15,
            ..w.loan()
        },
        LendingParams {
            principal: 0,
            ..w.loan()
        },
    ];
    for loan in bad_loans {
        let created = manager.create_issuance(w.chain(), maker, loan, limit.clone());
        assert_eq!(
            created,
            Ok(Err(ManagerError::Instrument(
                InstrumentError::InvalidParameters
            ))),
            "{loan:?}"
        );
    }
    let created = manager.create_issuance(w.chain(), maker, garbage(), limit.clone());
    assert_eq!(
        created,
        Ok(Err(ManagerError::Instrument(
            InstrumentError::InvalidParameters
        )))
    );
    assert!(
        w.chain().events().is_empty(),
        "a refused create emits nothing"
    );
    assert_eq!(manager.issuance_count(w.chain()), 0);
    assert_eq!(w.escrowed(maker, w.usd), MAKER_FUNDS);
    w.check_escrows(0);
}

fn valid_parameters_without_the_funds_are_refused(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, maker) = (w.manager, w.maker);
    let loan = LendingParams {
        principal: MAKER_FUNDS + 1,
        ..w.loan()
    };
    let created = manager.create_issuance(w.chain(), maker, loan, limit.clone());
    assert_eq!(
        created,
        Ok(Err(ManagerError::Escrow(EscrowError::InsufficientBalance)))
    );
    assert_eq!(manager.issuance_count(w.chain()), 0);
    assert_eq!(w.escrowed(maker, w.usd), MAKER_FUNDS);
    w.check_escrows(0);
}

fn create_locks_the_principal_and_schedules_the_issuance_due(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, usd) = (w.manager, w.maker, w.usd);
    let now = w.chain().now();
    let id = w.create_loan();
    assert_eq!(id, 1);

    let record = manager.issuance(w.chain(), id).unwrap();
    assert_eq!(
        (record.maker, record.state, record.engagement_count),
        (maker, IssuanceState::Engageable, 0)
    );
    assert_eq!(
        record.data_contract.is_some(),
        version != ManagerVersion::V1,
        "v1 keeps the loan in the manager, v2 in an issuance storage, v3 in an issuance contract"
    );
    assert_eq!(
        w.chain().events_of::<IssuanceCreated>(),
        vec![IssuanceCreated {
            issuance_id: 1,
            maker,
            escrow: record.escrow,
            state: IssuanceState::Engageable
        }]
    );
    assert_eq!(
        w.chain().events_of::<AssetTransferred>(),
        vec![AssetTransferred {
            issuance_id: 1,
            kind: TransferKind::Inbound,
            from: maker,
            to: maker,
            asset: usd.asset(),
            amount: PRINCIPAL,
            credited: PRINCIPAL
        }]
    );
    let due = now + 7 * DAY_MS;
    let key = ScheduleKey {
        engagement_id: None,
        name: ISSUANCE_DUE,
    };
    assert_eq!(
        w.chain().events_of::<EventScheduled>(),
        vec![EventScheduled {
            issuance_id: 1,
            key,
            due
        }]
    );
    assert_eq!(
        manager.scheduled_event(w.chain(), id, None, ISSUANCE_DUE),
        Some(due)
    );
    assert_eq!(
        manager.custom_data::<u64>(w.chain(), id, DATA_ISSUANCE_DUE),
        Ok(due)
    );

    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS - PRINCIPAL);
    assert_eq!(w.locked(id, maker, usd), PRINCIPAL);
    w.check_escrows(1);
}

// --- engage ------------------------------------------------------------------------------------

fn engage_swaps_collateral_for_principal_and_completes_the_issuance(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, maker, taker, usd, gold) = (w.manager, w.maker, w.taker, w.usd, w.gold);
    let id = w.create_loan();
    let now = w.chain().now();
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit.clone()),
        Ok(Ok(1))
    );

    assert_eq!(
        w.chain().events_of::<EngagementCreated>(),
        vec![EngagementCreated {
            issuance_id: id,
            engagement_id: 1,
            taker
        }]
    );
    assert_eq!(
        w.chain().events_of::<EngagementUpdated>(),
        vec![EngagementUpdated {
            issuance_id: id,
            engagement_id: 1,
            state: EngagementState::Active
        }]
    );
    assert_eq!(
        w.chain().events_of::<IssuanceUpdated>(),
        vec![IssuanceUpdated {
            issuance_id: id,
            state: IssuanceState::Complete,
            completion_ratio: CompletionRatio::FULL
        }]
    );
    assert_eq!(
        w.chain().events_of::<EventUnscheduled>(),
        vec![EventUnscheduled {
            issuance_id: id,
            key: ScheduleKey {
                engagement_id: None,
                name: ISSUANCE_DUE
            }
        }]
    );
    let due = now + 30 * DAY_MS;
    assert_eq!(
        manager.scheduled_event(w.chain(), id, Some(1), ENGAGEMENT_DUE),
        Some(due)
    );
    assert_eq!(
        manager.scheduled_event(w.chain(), id, None, ISSUANCE_DUE),
        None
    );
    assert_eq!(
        state(&mut w, id),
        (IssuanceState::Complete, CompletionRatio::FULL)
    );
    assert_eq!(engagement_state(&mut w, id), EngagementState::Active);
    assert_eq!(
        manager.custom_data::<u128>(w.chain(), id, DATA_REPAY_AMOUNT),
        Ok(PRINCIPAL + INTEREST)
    );

    assert_eq!(w.escrowed(taker, usd), TAKER_USD + PRINCIPAL);
    assert_eq!(w.escrowed(taker, gold), TAKER_GOLD - COLLATERAL);
    assert_eq!(w.locked(id, taker, gold), COLLATERAL);
    assert_eq!(w.locked(id, maker, usd), 0);
    w.check_escrows(1);
}

fn engaging_without_enough_collateral_fails_and_nothing_moves(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, keeper) = (w.manager, w.keeper);
    let id = w.create_loan();
    assert_eq!(
        manager.engage_issuance(w.chain(), keeper, id, (), limit.clone()),
        Ok(Err(ManagerError::Escrow(EscrowError::InsufficientBalance)))
    );
    assert_eq!(state(&mut w, id).0, IssuanceState::Engageable);
    assert_eq!(manager.engagement(w.chain(), id, 1), None);
    w.check_escrows(1);
}

// --- cancel ------------------------------------------------------------------------------------

fn the_maker_cancels_an_unengaged_issuance_and_gets_the_principal_back(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, usd) = (w.manager, w.maker, w.usd);
    let id = w.create_loan();
    assert_eq!(cancel(&mut w, maker, id), Ok(Ok(())));
    assert_eq!(state(&mut w, id).0, IssuanceState::Cancelled);
    assert_eq!(
        w.chain().events_of::<EventProcessed>(),
        vec![EventProcessed {
            issuance_id: id,
            engagement_id: None,
            name: CANCEL,
            scheduled: false,
            by: maker
        }]
    );
    assert_eq!(
        manager.scheduled_event(w.chain(), id, None, ISSUANCE_DUE),
        None
    );
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS);
    assert_eq!(w.locked(id, maker, usd), 0);
    w.check_escrows(1);
}

/// Regression (original platform): a deposit refunded twice. Cancel, expiry and cancel again
/// each return the principal at most once, whatever the order.
fn a_principal_is_refunded_once_whatever_the_order(version: ManagerVersion) {
    let mut w = World::new(version);
    let (maker, usd) = (w.maker, w.usd);
    // cancelled, then cancelled again and run out: refused, nothing more comes back
    let first = w.create_loan();
    assert_eq!(cancel(&mut w, maker, first), Ok(Ok(())));
    assert_eq!(
        cancel(&mut w, maker, first),
        refused(InstrumentError::InvalidState)
    );
    w.chain().advance_time(8 * DAY_MS);
    assert_eq!(
        fire(&mut w, first, None, ISSUANCE_DUE),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS);
    // run out, then cancelled and run out again: refused likewise
    let second = w.create_loan();
    w.chain().advance_time(8 * DAY_MS);
    assert_eq!(fire(&mut w, second, None, ISSUANCE_DUE), Ok(Ok(())));
    assert_eq!(
        cancel(&mut w, maker, second),
        refused(InstrumentError::InvalidState)
    );
    assert_eq!(
        fire(&mut w, second, None, ISSUANCE_DUE),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS);
    assert_eq!(
        w.locked(first, maker, usd) + w.locked(second, maker, usd),
        0
    );
    w.check_escrows(2);
}

fn cancel_fails_once_engaged_or_not_from_the_maker(version: ManagerVersion) {
    let mut w = World::new(version);
    let (maker, taker, usd) = (w.maker, w.taker, w.usd);
    let open = w.create_loan();
    assert_eq!(
        cancel(&mut w, taker, open),
        refused(InstrumentError::NotAllowed)
    );
    assert_eq!(state(&mut w, open).0, IssuanceState::Engageable);

    let engaged = w.engaged_loan();
    assert_eq!(
        cancel(&mut w, maker, engaged),
        refused(InstrumentError::InvalidState)
    );
    assert_eq!(state(&mut w, engaged).0, IssuanceState::Complete);
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS - 2 * PRINCIPAL);
    w.check_escrows(2);
}

// --- repay -------------------------------------------------------------------------------------

fn repaying_in_full_returns_the_collateral_and_pays_the_maker(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, taker, usd, gold) = (w.manager, w.maker, w.taker, w.usd, w.gold);
    let id = w.engaged_loan();
    w.chain().advance_time(29 * DAY_MS);
    assert_eq!(repay(&mut w, taker, id, PRINCIPAL + INTEREST), Ok(Ok(())));

    assert_eq!(
        w.chain().events_of::<EngagementUpdated>(),
        vec![EngagementUpdated {
            issuance_id: id,
            engagement_id: 1,
            state: EngagementState::Complete
        }]
    );
    let moves: Vec<_> = w
        .chain()
        .events_of::<AssetTransferred>()
        .into_iter()
        .map(|e| (e.kind, e.from, e.to, e.amount))
        .collect();
    assert_eq!(
        moves,
        vec![
            (
                TransferKind::IntraInstrument,
                taker,
                maker,
                PRINCIPAL + INTEREST
            ),
            (TransferKind::Outbound, taker, taker, COLLATERAL)
        ]
    );
    assert_eq!(
        manager.scheduled_event(w.chain(), id, Some(1), ENGAGEMENT_DUE),
        None
    );
    assert_eq!(engagement_state(&mut w, id), EngagementState::Complete);
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS + INTEREST);
    assert_eq!(w.escrowed(taker, usd), TAKER_USD - INTEREST);
    assert_eq!(w.escrowed(taker, gold), TAKER_GOLD);
    assert_eq!(w.locked(id, taker, gold), 0);
    w.check_escrows(1);
}

fn repay_fails_when_not_engaged_not_the_taker_not_full_or_late(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, maker, taker, keeper, gold) = (w.manager, w.maker, w.taker, w.keeper, w.gold);
    let open = w.create_loan();
    assert_eq!(
        repay(&mut w, taker, open, PRINCIPAL + INTEREST),
        Ok(Err(ManagerError::EngagementNotFound))
    );

    let id = w.engaged_loan();
    assert_eq!(
        repay(&mut w, maker, id, PRINCIPAL + INTEREST),
        refused(InstrumentError::NotAllowed)
    );
    assert_eq!(
        repay(&mut w, keeper, id, PRINCIPAL + INTEREST),
        refused(InstrumentError::NotAllowed)
    );
    assert_eq!(
        repay(&mut w, taker, id, PRINCIPAL + INTEREST - 1),
        refused(InstrumentError::WrongAmount)
    );
    assert_eq!(
        repay(&mut w, taker, id, PRINCIPAL),
        refused(InstrumentError::WrongAmount)
    );
    let malformed = manager.process_custom_event(
        w.chain(),
        taker,
        id,
        Some(1),
        REPAY,
        [1u8, 2],
        limit.clone(),
    );
    assert_eq!(malformed, refused(InstrumentError::InvalidParameters));
    w.chain().advance_time(30 * DAY_MS);
    assert_eq!(
        repay(&mut w, taker, id, PRINCIPAL + INTEREST),
        refused(InstrumentError::TooLate)
    );

    assert_eq!(engagement_state(&mut w, id), EngagementState::Active);
    assert_eq!(w.locked(id, taker, gold), COLLATERAL);
    w.check_escrows(2);
}

// --- scheduled events --------------------------------------------------------------------------

fn issuance_due_fires_only_after_its_due_time_and_returns_the_principal(version: ManagerVersion) {
    let mut w = World::new(version);
    let (maker, keeper, usd) = (w.maker, w.keeper, w.usd);
    let id = w.create_loan();
    w.chain().advance_time(7 * DAY_MS - 1);
    assert_eq!(
        fire(&mut w, id, None, ISSUANCE_DUE),
        Ok(Err(ManagerError::EventNotDue))
    );
    assert_eq!(state(&mut w, id).0, IssuanceState::Engageable);

    w.chain().advance_time(1);
    assert_eq!(fire(&mut w, id, None, ISSUANCE_DUE), Ok(Ok(())));
    assert_eq!(
        state(&mut w, id),
        (IssuanceState::Complete, CompletionRatio::ZERO)
    );
    assert_eq!(
        w.chain().events_of::<EventProcessed>(),
        vec![EventProcessed {
            issuance_id: id,
            engagement_id: None,
            name: ISSUANCE_DUE,
            scheduled: true,
            by: keeper
        }]
    );
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS);
    // fired once: a second attempt finds nothing scheduled
    assert_eq!(
        fire(&mut w, id, None, ISSUANCE_DUE),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    w.check_escrows(1);
}

fn engagement_due_gives_an_unpaid_loans_collateral_to_the_maker(version: ManagerVersion) {
    let mut w = World::new(version);
    let (maker, taker, usd, gold) = (w.maker, w.taker, w.usd, w.gold);
    let id = w.engaged_loan();
    assert_eq!(
        fire(&mut w, id, Some(1), ENGAGEMENT_DUE),
        Ok(Err(ManagerError::EventNotDue))
    );
    w.chain().advance_time(30 * DAY_MS);
    assert_eq!(fire(&mut w, id, Some(1), ENGAGEMENT_DUE), Ok(Ok(())));

    assert_eq!(engagement_state(&mut w, id), EngagementState::Complete);
    assert_eq!(w.escrowed(maker, gold), COLLATERAL);
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS - PRINCIPAL);
    assert_eq!(
        w.escrowed(taker, usd),
        TAKER_USD + PRINCIPAL,
        "the taker keeps the principal"
    );
    assert_eq!(w.locked(id, taker, gold), 0);
    w.check_escrows(1);
}

fn scheduled_events_cannot_fire_early_twice_or_invented(version: ManagerVersion) {
    let mut w = World::new(version);
    let id = w.engaged_loan();
    w.chain().advance_time(30 * DAY_MS);
    // invented: a name never scheduled, an engagement that does not exist, an issuance that does not exist
    assert_eq!(
        fire(&mut w, id, Some(1), Name::new("bonus")),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    assert_eq!(
        fire(&mut w, id, Some(2), ENGAGEMENT_DUE),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    assert_eq!(
        fire(&mut w, id, None, ENGAGEMENT_DUE),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    assert_eq!(
        fire(&mut w, id, None, ISSUANCE_DUE),
        Ok(Err(ManagerError::EventNotScheduled)),
        "unscheduled at engagement"
    );
    assert_eq!(
        fire(&mut w, 9, None, ISSUANCE_DUE),
        Ok(Err(ManagerError::IssuanceNotFound))
    );
    assert_eq!(fire(&mut w, id, Some(1), ENGAGEMENT_DUE), Ok(Ok(())));
    assert_eq!(
        fire(&mut w, id, Some(1), ENGAGEMENT_DUE),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    let (maker, gold) = (w.maker, w.gold);
    assert_eq!(
        w.escrowed(maker, gold),
        COLLATERAL,
        "the collateral moved once"
    );
    w.check_escrows(1);
}

// --- after completion ----------------------------------------------------------------------------

fn a_completed_loan_accepts_nothing_more(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, maker, taker, keeper, usd) = (w.manager, w.maker, w.taker, w.keeper, w.usd);
    let id = w.engaged_loan();
    assert_eq!(repay(&mut w, taker, id, PRINCIPAL + INTEREST), Ok(Ok(())));

    assert_eq!(
        manager.engage_issuance(w.chain(), keeper, id, (), limit.clone()),
        Ok(Err(ManagerError::IssuanceNotEngageable))
    );
    assert_eq!(
        repay(&mut w, taker, id, PRINCIPAL + INTEREST),
        refused(InstrumentError::InvalidState)
    );
    assert_eq!(
        cancel(&mut w, maker, id),
        refused(InstrumentError::InvalidState)
    );
    assert_eq!(
        manager.renew_issuance(w.chain(), maker, id, 3u32, limit.clone()),
        refused(InstrumentError::InvalidState)
    );
    w.chain().advance_time(31 * DAY_MS);
    assert_eq!(
        fire(&mut w, id, Some(1), ENGAGEMENT_DUE),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    assert_eq!(
        state(&mut w, id),
        (IssuanceState::Complete, CompletionRatio::FULL)
    );
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS + INTEREST);
    w.check_escrows(1);
}

// --- renew -------------------------------------------------------------------------------------

fn the_maker_renews_an_unengaged_offer_within_the_maximum_duration(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, maker, taker) = (w.manager, w.maker, w.taker);
    let id = w.create_loan();
    let due = manager
        .scheduled_event(w.chain(), id, None, ISSUANCE_DUE)
        .unwrap();
    assert_eq!(
        manager.renew_issuance(w.chain(), taker, id, 3u32, limit.clone()),
        refused(InstrumentError::NotAllowed)
    );
    assert_eq!(
        manager.renew_issuance(w.chain(), maker, id, 15u32, limit.clone()),
        refused(InstrumentError::InvalidParameters)
    );
    assert_eq!(
        manager.renew_issuance(w.chain(), maker, id, 3u32, limit.clone()),
        Ok(Ok(()))
    );
    let key = ScheduleKey {
        engagement_id: None,
        name: ISSUANCE_DUE,
    };
    assert_eq!(
        w.chain().events_of::<EventScheduled>(),
        vec![EventScheduled {
            issuance_id: id,
            key,
            due: due + 3 * DAY_MS
        }]
    );
    assert_eq!(
        manager.scheduled_event(w.chain(), id, None, ISSUANCE_DUE),
        Some(due + 3 * DAY_MS)
    );
    // the old due time no longer fires
    w.chain().set_time(due);
    assert_eq!(
        fire(&mut w, id, None, ISSUANCE_DUE),
        Ok(Err(ManagerError::EventNotDue))
    );
    w.check_escrows(1);
}

// --- whitelists and fees -----------------------------------------------------------------------

fn whitelists_decide_who_makes_and_who_takes(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, instrument, fsp, maker, taker) =
        (w.manager, w.instrument, w.fsp, w.maker, w.taker);
    assert_eq!(
        instrument.set_maker_whitelist_enabled(w.chain(), maker, true),
        Ok(Err(InstrumentError::NotOwner))
    );
    assert_eq!(
        instrument.set_maker_whitelist_enabled(w.chain(), fsp, true),
        Ok(Ok(()))
    );
    assert_eq!(
        instrument.set_taker_whitelist_enabled(w.chain(), fsp, true),
        Ok(Ok(()))
    );
    let loan = w.loan();
    assert_eq!(
        manager.create_issuance(w.chain(), maker, loan, limit.clone()),
        Ok(Err(ManagerError::MakerNotAllowed))
    );
    assert_eq!(
        instrument.set_maker_allowed(w.chain(), fsp, maker, true),
        Ok(Ok(()))
    );
    let id = w.create_loan();
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit.clone()),
        Ok(Err(ManagerError::TakerNotAllowed))
    );
    assert_eq!(
        instrument.set_taker_allowed(w.chain(), fsp, taker, true),
        Ok(Ok(()))
    );
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit.clone()),
        Ok(Ok(1))
    );
    w.check_escrows(1);
}

fn maker_and_taker_fees_go_to_the_fee_recipient(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, instrument, fsp, maker, taker, keeper, usd, gold) = (
        w.manager,
        w.instrument,
        w.fsp,
        w.maker,
        w.taker,
        w.keeper,
        w.usd,
        w.gold,
    );
    let maker_fee = Fee {
        asset: usd.asset(),
        amount: 25,
    };
    let taker_fee = Fee {
        asset: gold.asset(),
        amount: 40,
    };
    assert_eq!(
        instrument.set_fees(w.chain(), maker, Some(maker_fee), None),
        Ok(Err(InstrumentError::NotOwner))
    );
    assert_eq!(
        instrument.set_fees(w.chain(), fsp, Some(maker_fee), Some(taker_fee)),
        Ok(Ok(()))
    );
    assert_eq!(
        instrument.set_fee_recipient(w.chain(), fsp, keeper),
        Ok(Ok(()))
    );

    let (loan, exact) = (w.loan(), SpendingLimit::of(usd.asset(), PRINCIPAL + 25));
    let id = manager
        .create_issuance(w.chain(), maker, loan, exact)
        .expect("call")
        .expect("created with the fee within the limit");
    assert_eq!(w.escrowed(keeper, usd), 25);
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS - PRINCIPAL - 25);
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit.clone()),
        Ok(Ok(1))
    );
    assert_eq!(w.escrowed(keeper, gold), 40);
    assert_eq!(w.escrowed(taker, gold), TAKER_GOLD - COLLATERAL - 40);
    let fee_moves: Vec<_> = w
        .chain()
        .events_of::<AssetTransferred>()
        .into_iter()
        .filter(|e| e.to == keeper)
        .map(|e| e.amount)
        .collect();
    assert_eq!(fee_moves, vec![40]);

    // a maker who cannot pay the fee cannot create
    let (fsp_usd, poor_loan) = (w.escrowed(fsp, usd), w.loan());
    assert_eq!(fsp_usd, 0);
    let created = manager.create_issuance(w.chain(), fsp, poor_loan, limit.clone());
    assert_eq!(
        created,
        Ok(Err(ManagerError::Escrow(EscrowError::InsufficientBalance)))
    );
    w.check_escrows(1);
}

// --- the asset guard -----------------------------------------------------------------------------

fn nobody_but_the_manager_drives_an_issuance(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, taker) = (w.manager, w.taker);
    let id = w.engaged_loan();
    let record = manager.issuance(w.chain(), id).unwrap();
    let context = IssuanceContext {
        instrument_id: 1,
        issuance_id: id,
        manager: taker,
        caller: taker,
        now: w.chain().now(),
        issuance: record,
        engagement: None,
    };
    match version {
        // v1: the loan is a blob only the manager keeps
        ManagerVersion::V1 => assert_eq!(record.data_contract, None),
        // v2: the loan's storage takes writes only from the instrument during a manager call
        ManagerVersion::V2 => {
            let storage = Storage(record.data_contract.unwrap());
            let forged = storage.set(w.chain(), taker, lending_logic::DATA_LOAN, vec![0]);
            assert_eq!(forged, Ok(Err(traits::StorageError::NotWriter)));
        }
        // v3: the issuance contract answers only its manager
        ManagerVersion::V3 => {
            let mut issuance: ink::contract_ref!(traits::Issuance, DefaultEnvironment) =
                ref_to(record.data_contract.unwrap());
            let repay = issuance.call_mut().process_custom_event(
                context,
                REPAY,
                ink::scale::Encode::encode(&0u128),
            );
            let forged = w.chain().send(taker, repay);
            assert_eq!(forged, Ok(Err(InstrumentError::NotManager)));
        }
    }
    // and nobody but the manager moves escrowed assets
    let (escrow, gold) = (Escrow(record.escrow), w.gold.asset());
    let taken = escrow.send_for(w.chain(), taker, taker, taker, gold, COLLATERAL);
    assert_eq!(taken, Ok(Err(EscrowError::NotOwner)));
    w.check_escrows(1);
}

fn a_loan_collateralised_in_native_currency(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (p_admin, oracle, manager, maker, taker, escrow) =
        (w.p.admin, w.p.oracle, w.manager, w.maker, w.taker, w.escrow);
    let usd = w.usd;
    assert_eq!(
        oracle.set_rate(w.chain(), p_admin, usd.asset(), Asset::Native, (3, 1)),
        Ok(Ok(()))
    );
    let native_collateral = 45_000; // 150% of 10000 USD at 3 native per USD
    assert_eq!(
        escrow.deposit(w.chain(), taker, Asset::Native, 50_000, 50_000),
        Ok(Ok(()))
    );
    let loan = LendingParams {
        collateral_asset: Asset::Native,
        ..w.loan()
    };
    let id = manager
        .create_issuance(w.chain(), maker, loan, limit.clone())
        .unwrap()
        .unwrap();
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit.clone()),
        Ok(Ok(1))
    );
    assert_eq!(w.locked(id, taker, Asset::Native), native_collateral);
    assert_eq!(
        escrow.balance_of(w.chain(), taker, Asset::Native),
        50_000 - native_collateral
    );
    assert_eq!(repay(&mut w, taker, id, PRINCIPAL + INTEREST), Ok(Ok(())));
    assert_eq!(escrow.balance_of(w.chain(), taker, Asset::Native), 50_000);
    assert_eq!(w.locked(id, taker, Asset::Native), 0);
    w.check_escrows(1);
}

fn deposits_to_and_withdrawals_from_a_loan_are_refused(version: ManagerVersion) {
    let mut w = World::new(version);
    let limit = w.everything();
    let (manager, maker, usd) = (w.manager, w.maker, w.usd);
    let id = w.create_loan();
    let deposit = manager.deposit_to_issuance(w.chain(), maker, id, usd.asset(), 10, limit.clone());
    assert_eq!(deposit, refused(InstrumentError::Unsupported));
    let missing = manager.deposit_to_issuance(w.chain(), maker, 7, usd.asset(), 10, limit.clone());
    assert_eq!(missing, Ok(Err(ManagerError::IssuanceNotFound)));
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS - PRINCIPAL);
    w.check_escrows(1);
}

/// The lender's `collateral_bound`: an oracle that moved (or went stale) after the offer cannot
/// price the collateral below what the lender asked for; engage is refused and nothing moves.
fn the_lenders_collateral_bound_refuses_an_engage_priced_below_it(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, taker, usd, gold) = (w.manager, w.maker, w.taker, w.usd, w.gold);
    let loan = LendingParams {
        collateral_bound: COLLATERAL,
        ..w.loan()
    };
    let limit = SpendingLimit::of(usd.asset(), PRINCIPAL);
    let id = manager
        .create_issuance(w.chain(), maker, loan, limit)
        .expect("call")
        .expect("created");
    let (oracle, admin) = (w.p.oracle, w.p.admin);
    let set_rate = |w: &mut World, rate| {
        let set = oracle.set_rate(w.chain(), admin, usd.asset(), gold.asset(), rate);
        assert_eq!(set, Ok(Ok(())));
    };
    // GOLD doubled against USD: 150% of the principal is now 3750 GOLD, below the lender's 7500
    set_rate(&mut w, (1, 4));
    let engage = |w: &mut World| {
        let limit = SpendingLimit::of(gold.asset(), COLLATERAL);
        manager.engage_issuance(w.chain(), taker, id, (), limit)
    };
    assert_eq!(
        engage(&mut w),
        Ok(Err(ManagerError::Instrument(
            InstrumentError::PriceOutOfBounds
        )))
    );
    assert_eq!(state(&mut w, id).0, IssuanceState::Engageable);
    assert_eq!(w.escrowed(taker, gold), TAKER_GOLD);
    assert_eq!(w.escrowed(taker, usd), TAKER_USD);
    assert_eq!(w.locked(id, maker, usd), PRINCIPAL);
    // at the offer's price it goes through
    set_rate(&mut w, (1, 2));
    assert_eq!(engage(&mut w), Ok(Ok(1)));
    assert_eq!(w.locked(id, taker, gold), COLLATERAL);
    w.check_escrows(1);
}

// --- tokens that deliver less (SECURITY.md "tokens that deliver less") ------------------------

/// What a token that took `FEE` on transfer leaves its recipient.
const FEE: u128 = 7;

/// Collateral entering a loan must arrive in full: a token taking a fee is refused at engage,
/// the taker's own call, and nothing moves.
fn engaging_with_a_token_that_takes_a_fee_is_refused_and_nothing_moves(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, taker, usd, gold) = (w.manager, w.taker, w.usd, w.gold);
    let id = w.create_loan();
    gold.set_transfer_fee(w.chain(), FEE);
    let limit = SpendingLimit::of(gold.asset(), COLLATERAL);
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit),
        Ok(Err(ManagerError::Escrow(
            EscrowError::TokenTransferMismatch
        )))
    );
    assert_eq!(state(&mut w, id).0, IssuanceState::Engageable);
    assert_eq!(w.escrowed(taker, gold), TAKER_GOLD);
    assert_eq!(w.escrowed(taker, usd), TAKER_USD);
    assert_eq!(w.locked(id, taker, gold), 0);
    w.check_escrows(1);
}

/// Tokens that start taking a fee once a loan holds them freeze no settlement: repay, default
/// and expiry each go through, the recipient of the token bears the fee, and every escrow still
/// holds exactly what its accounts are owed.
fn a_token_that_starts_taking_a_fee_freezes_no_settlement(version: ManagerVersion) {
    let outbound = |w: &mut World| -> Vec<(AccountId, u128, u128)> {
        let events = w.chain().events_of::<AssetTransferred>();
        events
            .into_iter()
            .filter(|e| e.kind == TransferKind::Outbound)
            .map(|e| (e.to, e.amount, e.credited))
            .collect()
    };
    // repay: the taker gets the collateral back less the fee; the maker is paid in full
    let mut w = World::new(version);
    let (maker, taker, usd, gold) = (w.maker, w.taker, w.usd, w.gold);
    let id = w.engaged_loan();
    gold.set_transfer_fee(w.chain(), FEE);
    usd.set_transfer_fee(w.chain(), FEE);
    w.chain().advance_time(29 * DAY_MS);
    assert_eq!(repay(&mut w, taker, id, PRINCIPAL + INTEREST), Ok(Ok(())));
    assert_eq!(
        outbound(&mut w),
        vec![(taker, COLLATERAL, COLLATERAL - FEE)]
    );
    assert_eq!(engagement_state(&mut w, id), EngagementState::Complete);
    assert_eq!(w.escrowed(taker, gold), TAKER_GOLD - FEE);
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS + INTEREST);
    assert_eq!(w.locked(id, taker, gold), 0);
    w.check_escrows(1);

    // default: the maker gets the collateral less the fee
    let mut w = World::new(version);
    let id = w.engaged_loan();
    gold.set_transfer_fee(w.chain(), FEE);
    w.chain().advance_time(30 * DAY_MS);
    assert_eq!(fire(&mut w, id, Some(1), ENGAGEMENT_DUE), Ok(Ok(())));
    assert_eq!(
        outbound(&mut w),
        vec![(maker, COLLATERAL, COLLATERAL - FEE)]
    );
    assert_eq!(w.escrowed(maker, gold), COLLATERAL - FEE);
    assert_eq!(w.escrowed(taker, usd), TAKER_USD + PRINCIPAL);
    w.check_escrows(1);

    // expiry: an unengaged offer's principal goes back to the maker less the fee
    let mut w = World::new(version);
    let id = w.create_loan();
    usd.set_transfer_fee(w.chain(), FEE);
    w.chain().advance_time(7 * DAY_MS);
    assert_eq!(fire(&mut w, id, None, ISSUANCE_DUE), Ok(Ok(())));
    assert_eq!(outbound(&mut w), vec![(maker, PRINCIPAL, PRINCIPAL - FEE)]);
    assert_eq!(state(&mut w, id).0, IssuanceState::Complete);
    assert_eq!(w.escrowed(maker, usd), MAKER_FUNDS - FEE);
    w.check_escrows(1);
}

/// A repaid loan closes and gives every storage deposit back (docs/SPEC.md §5): the maker's
/// close terminates the issuance escrow and the data contract and removes the issuance's
/// records, so the maker's native balance is back where it was before the offer; the taker's
/// close of its engagement does the same for the taker. Closing is refused, and nothing
/// changes, before the loan is final, by anybody else, or twice.
fn a_repaid_loan_closes_and_every_storage_deposit_comes_back(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, taker) = (w.manager, w.maker, w.taker);
    let native = |w: &mut World, account| w.chain().native_balance(account);
    let (maker_before, taker_before) = (native(&mut w, maker), native(&mut w, taker));
    let id = w.engaged_loan();
    let record = manager.issuance(w.chain(), id).expect("the loan exists");
    let maker_paid = maker_before - native(&mut w, maker);
    assert!(maker_paid > 0, "the offer pays storage deposits");
    let not_final = Ok(Err(ManagerError::NotFinal));
    assert_eq!(manager.close_issuance(w.chain(), maker, id), not_final);
    let taker_at_repay = native(&mut w, taker);
    assert_eq!(repay(&mut w, taker, id, PRINCIPAL + INTEREST), Ok(Ok(())));
    eprintln!(
        "repay: taker {}",
        native(&mut w, taker) as i128 - taker_at_repay as i128
    );

    let not_yours = Ok(Err(ManagerError::NotYours));
    assert_eq!(manager.close_issuance(w.chain(), taker, id), not_yours);
    assert_eq!(
        manager.close_engagement(w.chain(), taker, id, 1),
        Ok(Err(ManagerError::IssuanceNotClosed))
    );
    assert_eq!(manager.close_issuance(w.chain(), maker, id), Ok(Ok(())));
    // Every deposit the maker paid, within a few units (bytes) either way: pallet-contracts refunds
    // pro rata, rounding down (at most 1 unit lost per freeing call), and the close also frees
    // what the taker's calls added to the issuance's data (the v1 loan blob grows at engage)
    // and the rounding dust those calls left in the issuance escrow and data contract, which
    // the maker gets back with them (BENCHMARKS.md, "Storage deposits of one loan").
    let net = maker_before as i128 - native(&mut w, maker) as i128;
    assert!(
        (-8..=1).contains(&net),
        "the maker is left {net} units short"
    );
    assert_eq!(
        w.chain().events_of::<IssuanceClosed>(),
        vec![IssuanceClosed {
            issuance_id: id,
            maker,
            data_closed: true,
        }]
    );
    assert!(!w.chain().is_contract(record.escrow));
    if let Some(data) = record.data_contract {
        assert!(!w.chain().is_contract(data));
    }
    assert_eq!(manager.issuance(w.chain(), id), None);
    let not_found = Ok(Err(ManagerError::IssuanceNotFound));
    assert_eq!(manager.close_issuance(w.chain(), maker, id), not_found);
    assert_eq!(repay(&mut w, taker, id, PRINCIPAL + INTEREST), not_found);

    assert_eq!(manager.close_engagement(w.chain(), maker, id, 1), not_yours);
    let taker_at_close = native(&mut w, taker);
    assert_eq!(
        manager.close_engagement(w.chain(), taker, id, 1),
        Ok(Ok(()))
    );
    eprintln!(
        "engagement close gave back {}; taker net {}",
        native(&mut w, taker) - taker_at_close,
        native(&mut w, taker) as i128 - taker_before as i128
    );
    assert_eq!(manager.engagement(w.chain(), id, 1), None);
    assert_eq!(
        manager.close_engagement(w.chain(), taker, id, 1),
        Ok(Err(ManagerError::EngagementNotFound))
    );
    w.check_escrows(1);
}

/// A loan made and read as contracts-UI users do, through the typed forms (`lending_forms`):
/// the typed offer becomes exactly the bytes the Rust client sends, the engagement and the
/// repayment likewise, names typed as text become the instrument's names, and the loan the
/// manager gives back as bytes reads back field by field.
fn a_loan_made_and_read_through_the_typed_forms(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, taker, usd, gold) = (w.manager, w.maker, w.taker, w.usd, w.gold);
    let (fsp, params) = (w.fsp, w.loan());
    let forms = LendingForms::deploy(w.chain(), fsp);
    let offer = forms.offer(w.chain(), params);
    assert_eq!(offer, Raw::of(params).0, "the bytes the Rust client sends");
    let principal = SpendingLimit::of(usd.asset(), PRINCIPAL);
    let created = manager.create_issuance(w.chain(), maker, Raw(offer), principal);
    assert_eq!(created, Ok(Ok(1)));
    let engagement = Raw(forms.engagement(w.chain()));
    let collateral = SpendingLimit::of(gold.asset(), COLLATERAL);
    let engaged = manager.engage_issuance(w.chain(), taker, 1, engagement, collateral);
    assert_eq!(engaged, Ok(Ok(1)));

    let loan_name = forms.name(w.chain(), "loan").expect("a name");
    assert_eq!(loan_name, lending_logic::DATA_LOAN);
    let bytes = manager
        .custom_bytes(w.chain(), 1, loan_name)
        .expect("the loan");
    let loan = forms.loan(w.chain(), bytes).expect("decodes");
    let engaged_at = manager
        .engagement(w.chain(), 1, 1)
        .expect("engaged")
        .created_at;
    assert_eq!(loan.kind, lending_logic::LoanKind::Lending);
    assert_eq!(loan.params, params);
    assert_eq!(loan.maker, maker);
    assert_eq!(loan.collateral, COLLATERAL);
    let taker_side = loan.engagement.expect("engaged");
    assert_eq!(taker_side.taker, taker);
    assert_eq!(taker_side.interest, INTEREST);
    assert_eq!(taker_side.due, engaged_at + 30 * DAY_MS);
    assert_eq!(loan.repay_amount(), Some(PRINCIPAL + INTEREST));

    let repay_name = forms.name(w.chain(), "repay").expect("a name");
    let owed = PRINCIPAL + INTEREST;
    let payload = Raw(forms.repayment(w.chain(), owed));
    let limit = SpendingLimit::of(usd.asset(), owed);
    let repaid =
        manager.process_custom_event(w.chain(), taker, 1, Some(1), repay_name, payload, limit);
    assert_eq!(repaid, Ok(Ok(())));
    assert_eq!(engagement_state(&mut w, 1), EngagementState::Complete);
    assert_eq!(
        forms.name(w.chain(), "a name longer than thirty-two bytes"),
        Err(InstrumentError::InvalidParameters)
    );
    assert_eq!(
        forms.loan(w.chain(), vec![1, 2, 3]),
        Err(InstrumentError::InvalidParameters)
    );
}

on_every_version!(
    invalid_parameters_are_refused_and_nothing_moves,
    valid_parameters_without_the_funds_are_refused,
    create_locks_the_principal_and_schedules_the_issuance_due,
    engage_swaps_collateral_for_principal_and_completes_the_issuance,
    engaging_without_enough_collateral_fails_and_nothing_moves,
    the_maker_cancels_an_unengaged_issuance_and_gets_the_principal_back,
    a_principal_is_refunded_once_whatever_the_order,
    cancel_fails_once_engaged_or_not_from_the_maker,
    repaying_in_full_returns_the_collateral_and_pays_the_maker,
    repay_fails_when_not_engaged_not_the_taker_not_full_or_late,
    issuance_due_fires_only_after_its_due_time_and_returns_the_principal,
    engagement_due_gives_an_unpaid_loans_collateral_to_the_maker,
    scheduled_events_cannot_fire_early_twice_or_invented,
    a_completed_loan_accepts_nothing_more,
    the_maker_renews_an_unengaged_offer_within_the_maximum_duration,
    whitelists_decide_who_makes_and_who_takes,
    maker_and_taker_fees_go_to_the_fee_recipient,
    nobody_but_the_manager_drives_an_issuance,
    a_loan_collateralised_in_native_currency,
    deposits_to_and_withdrawals_from_a_loan_are_refused,
    the_lenders_collateral_bound_refuses_an_engage_priced_below_it,
    engaging_with_a_token_that_takes_a_fee_is_refused_and_nothing_moves,
    a_token_that_starts_taking_a_fee_freezes_no_settlement,
    a_repaid_loan_closes_and_every_storage_deposit_comes_back,
    a_loan_made_and_read_through_the_typed_forms,
);

// --- conformance -------------------------------------------------------------------------------

/// Lending on `version`, as the conformance suite sees it.
pub struct Lending(pub ManagerVersion);

impl Subject for Lending {
    fn version(&self) -> ManagerVersion {
        self.0
    }

    fn deploy(&self, chain: &mut Chain, fsp: AccountId, oracle: Oracle) -> InstrumentClient {
        InstrumentClient::deploy_lending(chain, fsp, oracle, self.0, b"lending")
    }

    fn fund(&self, w: &mut World) {
        let (maker, taker, usd, gold, unit) = (w.maker, w.taker, w.usd, w.gold, w.unit);
        w.fund(maker, usd, MAKER_FUNDS * unit);
        w.fund(taker, gold, TAKER_GOLD * unit);
    }

    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        (
            Raw::of(w.loan()),
            SpendingLimit::of(w.usd.asset(), PRINCIPAL * w.unit),
        )
    }

    fn bad_offers(&self, w: &World) -> Vec<Raw> {
        let loan = w.loan();
        vec![
            Raw::of(LendingParams {
                principal: 0,
                ..loan
            }),
            Raw::of(LendingParams {
                tenor_days: 91,
                ..loan
            }),
            Raw::of(LendingParams {
                collateral_asset: loan.lending_asset,
                ..loan
            }),
        ]
    }

    fn engagement(&self, w: &World) -> (Raw, SpendingLimit) {
        let collateral = COLLATERAL * w.unit;
        (Raw::of(()), SpendingLimit::of(w.gold.asset(), collateral))
    }

    fn engagement_events(&self) -> Vec<Name> {
        vec![ENGAGEMENT_DUE]
    }
}

conformance!(lending_v1, Lending(ManagerVersion::V1));
conformance!(lending_v2, Lending(ManagerVersion::V2));
conformance!(lending_v3, Lending(ManagerVersion::V3));
// The real numbers: 10000 USD is 10^22 units at 18 decimals, priced by fixed-point rates.
conformance!(
    lending_v1_18_decimals,
    AtDecimals(Lending(ManagerVersion::V1), 18)
);
conformance!(
    lending_v2_12_decimals,
    AtDecimals(Lending(ManagerVersion::V2), 12)
);
conformance!(
    lending_v3_10_decimals,
    AtDecimals(Lending(ManagerVersion::V3), 10)
);
