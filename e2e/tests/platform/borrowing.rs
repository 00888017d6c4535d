//! Borrowing (interface v1), the mirror of lending: the maker posts collateral and borrows, a
//! taker lends. docs/SPEC.md §8's numbers: the maker asks 10000 USD for 30 days at 0.1% a day (interest
//! 300) and posts 150% collateral in GOLD at 1 USD = 0.5 GOLD (7500 GOLD).

use client::{
    clients::{InstrumentClient, Oracle, Reply},
    Chain,
};
use lending_logic::{LendingParams, CANCEL, ENGAGEMENT_DUE, ISSUANCE_DUE, REPAY};
use traits::{
    AccountId, Balance, CompletionRatio, EngagementState, EscrowError, InstrumentError, IssuanceId,
    IssuanceState, ManagerError, ManagerVersion, Name, SpendingLimit, DAY_MS,
};

use crate::fixtures::*;
use conformance::{AtDecimals, Raw, Subject};

/// The maker's GOLD (the collateral) and USD (to pay the interest).
const MAKER_GOLD: Balance = 50_000;
const MAKER_USD: Balance = 1_000;
/// The taker's USD, to lend.
const LENDER_USD: Balance = 100_000;

/// Borrowing, as the conformance suite sees it.
pub struct Borrowing;

impl Subject for Borrowing {
    fn version(&self) -> ManagerVersion {
        ManagerVersion::V1
    }

    fn deploy(&self, chain: &mut Chain, fsp: AccountId, oracle: Oracle) -> InstrumentClient {
        InstrumentClient::deploy_borrowing(chain, fsp, oracle, b"borrowing")
    }

    fn fund(&self, w: &mut World) {
        let (maker, taker, usd, gold, unit) = (w.maker, w.taker, w.usd, w.gold, w.unit);
        w.fund(maker, gold, MAKER_GOLD * unit);
        w.fund(maker, usd, MAKER_USD * unit);
        w.fund(taker, usd, LENDER_USD * unit);
    }

    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        (
            Raw::of(w.loan()),
            SpendingLimit::of(w.gold.asset(), COLLATERAL * w.unit),
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
                collateral_ratio: 4_999,
                ..loan
            }),
            Raw::of(LendingParams {
                issuance_duration_days: 15,
                ..loan
            }),
        ]
    }

    fn engagement(&self, w: &World) -> (Raw, SpendingLimit) {
        let principal = PRINCIPAL * w.unit;
        (Raw::of(()), SpendingLimit::of(w.usd.asset(), principal))
    }

    fn engagement_events(&self) -> Vec<Name> {
        vec![ENGAGEMENT_DUE]
    }
}

conformance!(borrowing_v1, Borrowing);
conformance!(borrowing_v1_18_decimals, AtDecimals(Borrowing, 18));

fn world() -> World {
    let mut w = World::with(ManagerVersion::V1, |chain, fsp, oracle| {
        Borrowing.deploy(chain, fsp, oracle)
    });
    Borrowing.fund(&mut w);
    w
}

fn request(w: &mut World) -> IssuanceId {
    let (manager, maker, loan) = (w.manager, w.maker, w.loan());
    let limit = SpendingLimit::of(w.gold.asset(), COLLATERAL);
    manager
        .create_issuance(w.chain(), maker, loan, limit)
        .expect("call goes through")
        .expect("the request is created")
}

fn lent(w: &mut World) -> IssuanceId {
    let id = request(w);
    let (manager, taker) = (w.manager, w.taker);
    let limit = SpendingLimit::of(w.usd.asset(), PRINCIPAL);
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit),
        Ok(Ok(1))
    );
    id
}

fn repay(
    w: &mut World,
    caller: AccountId,
    id: IssuanceId,
    amount: Balance,
) -> Reply<(), ManagerError> {
    let (manager, limit) = (w.manager, SpendingLimit::of(w.usd.asset(), amount));
    manager.process_custom_event(w.chain(), caller, id, Some(1), REPAY, amount, limit)
}

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

fn refused(error: InstrumentError) -> Reply<(), ManagerError> {
    Ok(Err(ManagerError::Instrument(error)))
}

#[test]
fn a_request_locks_the_collateral_priced_at_creation() {
    let mut w = world();
    let (maker, gold) = (w.maker, w.gold);
    let id = request(&mut w);
    assert_eq!(
        state(&mut w, id),
        (IssuanceState::Engageable, CompletionRatio::ZERO)
    );
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD - COLLATERAL);
    assert_eq!(w.locked(id, maker, gold), COLLATERAL);
    w.check_escrows(1);
}

#[test]
fn a_request_without_a_price_or_enough_collateral_is_refused_and_nothing_moves() {
    let mut w = world();
    let (manager, maker, keeper) = (w.manager, w.maker, w.keeper);
    // No rate for GOLD lent against USD collateral.
    let unpriced = LendingParams {
        lending_asset: w.gold.asset(),
        collateral_asset: w.usd.asset(),
        ..w.loan()
    };
    let limit = SpendingLimit::of(w.usd.asset(), MAKER_USD);
    assert_eq!(
        manager.create_issuance(w.chain(), maker, unpriced, limit),
        Ok(Err(ManagerError::Instrument(InstrumentError::OracleFailed)))
    );
    // The keeper has no GOLD to post.
    let (loan, limit) = (w.loan(), SpendingLimit::of(w.gold.asset(), COLLATERAL));
    assert_eq!(
        manager.create_issuance(w.chain(), keeper, loan, limit),
        Ok(Err(ManagerError::Escrow(EscrowError::InsufficientBalance)))
    );
    assert_eq!(manager.issuance_count(w.chain()), 0);
    assert_eq!(w.escrowed(maker, w.gold), MAKER_GOLD);
    w.check_escrows(0);
}

#[test]
fn lending_to_a_request_pays_the_principal_to_the_maker() {
    let mut w = world();
    let (manager, maker, taker, usd, gold) = (w.manager, w.maker, w.taker, w.usd, w.gold);
    let id = request(&mut w);
    let now = w.chain().now();
    assert_eq!(
        manager.engage_issuance(w.chain(), maker, id, (), SpendingLimit::none()),
        Ok(Err(ManagerError::Instrument(InstrumentError::NotAllowed))),
        "the maker does not lend to itself"
    );
    let limit = SpendingLimit::of(usd.asset(), PRINCIPAL);
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit),
        Ok(Ok(1))
    );
    assert_eq!(
        state(&mut w, id),
        (IssuanceState::Complete, CompletionRatio::FULL)
    );
    assert_eq!(engagement_state(&mut w, id), EngagementState::Active);
    assert_eq!(
        manager.scheduled_event(w.chain(), id, Some(1), ENGAGEMENT_DUE),
        Some(now + 30 * DAY_MS)
    );
    assert_eq!(w.escrowed(maker, usd), MAKER_USD + PRINCIPAL);
    assert_eq!(w.escrowed(taker, usd), LENDER_USD - PRINCIPAL);
    assert_eq!(
        w.locked(id, maker, gold),
        COLLATERAL,
        "the collateral stays locked"
    );
    w.check_escrows(1);
}

#[test]
fn the_maker_repays_and_gets_the_collateral_back() {
    let mut w = world();
    let (maker, taker, usd, gold) = (w.maker, w.taker, w.usd, w.gold);
    let id = lent(&mut w);
    w.chain().advance_time(29 * DAY_MS);
    assert_eq!(
        repay(&mut w, maker, id, PRINCIPAL + INTEREST - 1),
        refused(InstrumentError::WrongAmount)
    );
    assert_eq!(repay(&mut w, maker, id, PRINCIPAL + INTEREST), Ok(Ok(())));
    assert_eq!(engagement_state(&mut w, id), EngagementState::Complete);
    assert_eq!(
        w.escrowed(maker, usd),
        MAKER_USD + PRINCIPAL - PRINCIPAL - INTEREST
    );
    assert_eq!(w.escrowed(taker, usd), LENDER_USD + INTEREST);
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD);
    assert_eq!(w.locked(id, maker, gold), 0);
    w.check_escrows(1);
}

#[test]
fn repayment_by_anyone_but_the_maker_is_refused() {
    let mut w = world();
    let (maker, taker, keeper, usd) = (w.maker, w.taker, w.keeper, w.usd);
    let id = lent(&mut w);
    for stranger in [taker, keeper] {
        assert_eq!(
            repay(&mut w, stranger, id, PRINCIPAL + INTEREST),
            refused(InstrumentError::NotAllowed)
        );
    }
    assert_eq!(engagement_state(&mut w, id), EngagementState::Active);
    assert_eq!(w.escrowed(maker, usd), MAKER_USD + PRINCIPAL);
    w.check_escrows(1);
}

#[test]
fn a_late_repayment_is_refused_and_the_lender_takes_the_collateral() {
    let mut w = world();
    let (manager, maker, taker, keeper, gold) = (w.manager, w.maker, w.taker, w.keeper, w.gold);
    let id = lent(&mut w);
    w.chain().advance_time(30 * DAY_MS);
    assert_eq!(
        repay(&mut w, maker, id, PRINCIPAL + INTEREST),
        refused(InstrumentError::TooLate)
    );
    assert_eq!(
        manager.process_scheduled_event(w.chain(), keeper, id, Some(1), ENGAGEMENT_DUE),
        Ok(Ok(()))
    );
    assert_eq!(engagement_state(&mut w, id), EngagementState::Complete);
    assert_eq!(
        w.escrowed(taker, gold),
        COLLATERAL,
        "the lender keeps the collateral"
    );
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD - COLLATERAL);
    assert_eq!(w.locked(id, maker, gold), 0);
    w.check_escrows(1);
}

#[test]
fn a_cancelled_or_expired_request_returns_the_collateral() {
    let mut w = world();
    let (manager, maker, keeper, gold) = (w.manager, w.maker, w.keeper, w.gold);
    let first = request(&mut w);
    let cancel = |w: &mut World, id| {
        manager.process_custom_event(
            w.chain(),
            maker,
            id,
            None,
            CANCEL,
            (),
            SpendingLimit::none(),
        )
    };
    assert_eq!(cancel(&mut w, first), Ok(Ok(())));
    assert_eq!(state(&mut w, first).0, IssuanceState::Cancelled);
    let second = request(&mut w);
    w.chain().advance_time(7 * DAY_MS);
    assert_eq!(
        manager.process_scheduled_event(w.chain(), keeper, second, None, ISSUANCE_DUE),
        Ok(Ok(()))
    );
    assert_eq!(
        state(&mut w, second),
        (IssuanceState::Complete, CompletionRatio::ZERO)
    );
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD);
    assert_eq!(
        w.locked(first, maker, gold) + w.locked(second, maker, gold),
        0
    );
    assert_eq!(w.escrowed(maker, w.usd), MAKER_USD);
    w.check_escrows(2);
}
