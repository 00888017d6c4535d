//! Spot swap (interface v1) and multi-swap (interface v2), in the original platform's terms.
//! The maker offers GOLD for USD; takers pay USD straight to the maker and receive GOLD out of
//! the issuance escrow, which holds exactly nothing once the offer is settled.

use client::{
    clients::{InstrumentClient, Oracle, Reply, SwapForms},
    Chain,
};
use swap_logic::{
    MultiSwapParams, SwapParams, CANCEL, DATA_REMAINING_OUTPUT, DATA_SWAP, ISSUANCE_DUE,
};
use traits::{
    AccountId, Asset, Balance, EngagementState, EscrowError, InstrumentError, IssuanceId,
    IssuanceState, ManagerError, ManagerVersion, Name, SpendingLimit, DAY_MS,
};

use crate::fixtures::*;
use conformance::{AtDecimals, Raw, Subject};

const MAKER_GOLD: Balance = 50_000;
const TAKER_USD: Balance = 100_000;
/// The spot offer: 5000 GOLD for 10000 USD, engageable for 7 days.
const SPOT_INPUT: Balance = 5_000;
const SPOT_OUTPUT: Balance = 10_000;
/// The multi-swap offer: 10000 GOLD for 20000 USD, 1000..=10000 USD per taker.
const MULTI_INPUT: Balance = 10_000;
const MULTI_OUTPUT: Balance = 20_000;
const MIN_OUTPUT: Balance = 1_000;
const MAX_OUTPUT: Balance = 10_000;

/// `input_amount` GOLD for `output_amount` USD, in whole tokens at `w`'s decimals.
fn swap(w: &World, input_amount: Balance, output_amount: Balance) -> SwapParams {
    SwapParams {
        input_asset: w.gold.asset(),
        input_amount: input_amount * w.unit,
        output_asset: w.usd.asset(),
        output_amount: output_amount * w.unit,
        issuance_duration_days: 7,
    }
}

fn multi(w: &World) -> MultiSwapParams {
    MultiSwapParams {
        swap: swap(w, MULTI_INPUT, MULTI_OUTPUT),
        min_output: MIN_OUTPUT * w.unit,
        max_output: MAX_OUTPUT * w.unit,
    }
}

/// The spot swap, as the conformance suite sees it.
pub struct SpotSwap;

impl Subject for SpotSwap {
    fn version(&self) -> ManagerVersion {
        ManagerVersion::V1
    }

    fn deploy(&self, chain: &mut Chain, fsp: AccountId, _oracle: Oracle) -> InstrumentClient {
        InstrumentClient::deploy_spot_swap(chain, fsp, b"spot swap")
    }

    fn fund(&self, w: &mut World) {
        let (maker, taker, usd, gold, unit) = (w.maker, w.taker, w.usd, w.gold, w.unit);
        w.fund(maker, gold, MAKER_GOLD * unit);
        w.fund(taker, usd, TAKER_USD * unit);
    }

    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        let limit = SpendingLimit::of(w.gold.asset(), SPOT_INPUT * w.unit);
        (Raw::of(swap(w, SPOT_INPUT, SPOT_OUTPUT)), limit)
    }

    fn bad_offers(&self, w: &World) -> Vec<Raw> {
        let good = swap(w, SPOT_INPUT, SPOT_OUTPUT);
        vec![
            Raw::of(swap(w, 0, SPOT_OUTPUT)),
            Raw::of(swap(w, SPOT_INPUT, 0)),
            Raw::of(SwapParams {
                output_asset: good.input_asset,
                ..good
            }),
            Raw::of(SwapParams {
                issuance_duration_days: 0,
                ..good
            }),
            Raw::of(SwapParams {
                issuance_duration_days: 15,
                ..good
            }),
        ]
    }

    fn engagement(&self, w: &World) -> (Raw, SpendingLimit) {
        let output = SPOT_OUTPUT * w.unit;
        (Raw::of(()), SpendingLimit::of(w.usd.asset(), output))
    }

    fn engagement_events(&self) -> Vec<Name> {
        Vec::new()
    }
}

/// The multi-swap, as the conformance suite sees it (its engagement swaps half).
pub struct MultiSwap;

impl Subject for MultiSwap {
    fn version(&self) -> ManagerVersion {
        ManagerVersion::V2
    }

    fn deploy(&self, chain: &mut Chain, fsp: AccountId, _oracle: Oracle) -> InstrumentClient {
        InstrumentClient::deploy_multi_swap(chain, fsp, b"multi-swap")
    }

    fn fund(&self, w: &mut World) {
        SpotSwap.fund(w)
    }

    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        let limit = SpendingLimit::of(w.gold.asset(), MULTI_INPUT * w.unit);
        (Raw::of(multi(w)), limit)
    }

    fn bad_offers(&self, w: &World) -> Vec<Raw> {
        let good = multi(w);
        vec![
            Raw::of(MultiSwapParams {
                min_output: 0,
                ..good
            }),
            Raw::of(MultiSwapParams {
                min_output: good.max_output + 1,
                ..good
            }),
            Raw::of(MultiSwapParams {
                max_output: good.swap.output_amount + 1,
                ..good
            }),
            Raw::of(MultiSwapParams {
                swap: swap(w, 0, MULTI_OUTPUT),
                ..good
            }),
            Raw::of(swap(w, MULTI_INPUT, MULTI_OUTPUT)),
        ]
    }

    fn engagement(&self, w: &World) -> (Raw, SpendingLimit) {
        let half = MULTI_OUTPUT / 2 * w.unit;
        (Raw::of(half), SpendingLimit::of(w.usd.asset(), half))
    }

    fn engagement_events(&self) -> Vec<Name> {
        Vec::new()
    }
}

conformance!(spot_swap_v1, SpotSwap);
conformance!(multi_swap_v2, MultiSwap);
conformance!(spot_swap_v1_12_decimals, AtDecimals(SpotSwap, 12));
conformance!(multi_swap_v2_18_decimals, AtDecimals(MultiSwap, 18));

fn world(subject: &impl Subject) -> World {
    let mut w = World::with(subject.version(), |chain, fsp, oracle| {
        subject.deploy(chain, fsp, oracle)
    });
    subject.fund(&mut w);
    w
}

fn create(w: &mut World, offer: Raw, limit: SpendingLimit) -> IssuanceId {
    let (manager, maker) = (w.manager, w.maker);
    manager
        .create_issuance(w.chain(), maker, offer, limit)
        .expect("call goes through")
        .expect("the offer is created")
}

fn engage(
    w: &mut World,
    taker: AccountId,
    id: IssuanceId,
    params: Raw,
    pays: Balance,
) -> Reply<u64, ManagerError> {
    let (manager, limit) = (w.manager, SpendingLimit::of(w.usd.asset(), pays));
    manager.engage_issuance(w.chain(), taker, id, params, limit)
}

fn status(w: &mut World, id: IssuanceId) -> (IssuanceState, u16) {
    let manager = w.manager;
    let record = manager.issuance(w.chain(), id).expect("issuance exists");
    (record.state, record.completion_ratio.basis_points())
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

fn fire_due(w: &mut World, id: IssuanceId) -> Reply<(), ManagerError> {
    let (manager, keeper) = (w.manager, w.keeper);
    manager.process_scheduled_event(w.chain(), keeper, id, None, ISSUANCE_DUE)
}

fn refused(error: InstrumentError) -> Reply<(), ManagerError> {
    Ok(Err(ManagerError::Instrument(error)))
}

fn issuance_holds(w: &mut World, id: IssuanceId, asset: Asset) -> Balance {
    let manager = w.manager;
    let escrow = manager
        .issuance(w.chain(), id)
        .expect("issuance exists")
        .escrow;
    client::clients::Escrow(escrow).total_held(w.chain(), asset)
}

// --- spot swap ---------------------------------------------------------------------------------

fn spot_offer(w: &mut World) -> IssuanceId {
    let (offer, limit) = SpotSwap.offer(w);
    create(w, offer, limit)
}

#[test]
fn spot_swap_without_enough_input_is_refused_and_nothing_moves() {
    let mut w = world(&SpotSwap);
    let (manager, keeper) = (w.manager, w.keeper);
    let (offer, limit) = SpotSwap.offer(&w);
    assert_eq!(
        manager.create_issuance(w.chain(), keeper, offer, limit),
        Ok(Err(ManagerError::Escrow(EscrowError::InsufficientBalance)))
    );
    assert_eq!(manager.issuance_count(w.chain()), 0);
    w.check_escrows(0);
}

#[test]
fn spot_swap_engage_swaps_everything_at_once() {
    let mut w = world(&SpotSwap);
    let (manager, maker, taker, usd, gold) = (w.manager, w.maker, w.taker, w.usd, w.gold);
    let id = spot_offer(&mut w);
    assert_eq!(w.locked(id, maker, gold), SPOT_INPUT);
    assert_eq!(
        engage(&mut w, taker, id, Raw::of(()), SPOT_OUTPUT),
        Ok(Ok(1))
    );
    assert_eq!(status(&mut w, id), (IssuanceState::Complete, 10_000));
    let engagement = manager.engagement(w.chain(), id, 1).expect("engaged");
    assert_eq!(
        engagement.state,
        EngagementState::Complete,
        "created Complete"
    );
    assert_eq!(
        manager.scheduled_event(w.chain(), id, None, ISSUANCE_DUE),
        None
    );
    assert_eq!(w.escrowed(maker, usd), SPOT_OUTPUT);
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD - SPOT_INPUT);
    assert_eq!(w.escrowed(taker, gold), SPOT_INPUT);
    assert_eq!(w.escrowed(taker, usd), TAKER_USD - SPOT_OUTPUT);
    assert_eq!(issuance_holds(&mut w, id, gold.asset()), 0);
    w.check_escrows(1);
}

#[test]
fn spot_swap_engage_without_enough_output_is_refused_and_nothing_moves() {
    let mut w = world(&SpotSwap);
    let (maker, keeper, gold) = (w.maker, w.keeper, w.gold);
    let id = spot_offer(&mut w);
    assert_eq!(
        engage(&mut w, keeper, id, Raw::of(()), SPOT_OUTPUT),
        Ok(Err(ManagerError::Escrow(EscrowError::InsufficientBalance)))
    );
    let taker = w.taker;
    assert_eq!(
        engage(&mut w, taker, id, Raw::of(()), SPOT_OUTPUT - 1),
        Ok(Err(ManagerError::SpendingLimitExceeded)),
        "a limit below the price refuses the swap"
    );
    assert_eq!(status(&mut w, id), (IssuanceState::Engageable, 0));
    assert_eq!(w.locked(id, maker, gold), SPOT_INPUT);
    let manager = w.manager;
    assert_eq!(manager.engagement(w.chain(), id, 1), None);
    w.check_escrows(1);
}

#[test]
fn spot_swap_cancel_needs_the_maker_and_an_engageable_offer() {
    let mut w = world(&SpotSwap);
    let (maker, taker, gold) = (w.maker, w.taker, w.gold);
    let open = spot_offer(&mut w);
    assert_eq!(
        cancel(&mut w, taker, open),
        refused(InstrumentError::NotAllowed)
    );
    assert_eq!(cancel(&mut w, maker, open), Ok(Ok(())));
    assert_eq!(status(&mut w, open), (IssuanceState::Cancelled, 0));
    assert_eq!(
        cancel(&mut w, maker, open),
        refused(InstrumentError::InvalidState)
    );
    let swapped = spot_offer(&mut w);
    assert_eq!(
        engage(&mut w, taker, swapped, Raw::of(()), SPOT_OUTPUT),
        Ok(Ok(1))
    );
    assert_eq!(
        cancel(&mut w, maker, swapped),
        refused(InstrumentError::InvalidState)
    );
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD - SPOT_INPUT);
    w.check_escrows(2);
}

#[test]
fn spot_swap_operations_after_completion_are_refused() {
    let mut w = world(&SpotSwap);
    let (manager, maker, taker) = (w.manager, w.maker, w.taker);
    let id = spot_offer(&mut w);
    assert_eq!(
        engage(&mut w, taker, id, Raw::of(()), SPOT_OUTPUT),
        Ok(Ok(1))
    );
    let second = w.account("second taker");
    let usd = w.usd;
    w.fund(second, usd, SPOT_OUTPUT);
    assert_eq!(
        engage(&mut w, second, id, Raw::of(()), SPOT_OUTPUT),
        Ok(Err(ManagerError::IssuanceNotEngageable))
    );
    assert_eq!(
        manager.renew_issuance(w.chain(), maker, id, 1u32, SpendingLimit::none()),
        refused(InstrumentError::InvalidState)
    );
    w.chain().advance_time(7 * DAY_MS);
    assert_eq!(
        fire_due(&mut w, id),
        Ok(Err(ManagerError::EventNotScheduled))
    );
    assert_eq!(w.escrowed(second, usd), SPOT_OUTPUT);
    assert_eq!(status(&mut w, id), (IssuanceState::Complete, 10_000));
    w.check_escrows(1);
}

#[test]
fn spot_swap_due_before_and_after() {
    let mut w = world(&SpotSwap);
    let (maker, taker, gold) = (w.maker, w.taker, w.gold);
    let id = spot_offer(&mut w);
    w.chain().advance_time(7 * DAY_MS - 1);
    assert_eq!(fire_due(&mut w, id), Ok(Err(ManagerError::EventNotDue)));
    w.chain().advance_time(1);
    assert_eq!(
        engage(&mut w, taker, id, Raw::of(()), SPOT_OUTPUT),
        Ok(Err(ManagerError::Instrument(InstrumentError::TooLate))),
        "due even before the keeper fires"
    );
    assert_eq!(fire_due(&mut w, id), Ok(Ok(())));
    assert_eq!(status(&mut w, id), (IssuanceState::Complete, 0));
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD, "the input is back");
    assert_eq!(issuance_holds(&mut w, id, gold.asset()), 0);
    w.check_escrows(1);
}

// --- multi-swap --------------------------------------------------------------------------------

fn multi_offer(w: &mut World) -> IssuanceId {
    let (offer, limit) = MultiSwap.offer(w);
    create(w, offer, limit)
}

/// A taker `name`, funded with `usd` USD.
fn funded_taker(w: &mut World, name: &str, usd: Balance) -> AccountId {
    let taker = w.account(name);
    let token = w.usd;
    w.fund(taker, token, usd);
    taker
}

/// A multi-swap made and read through the typed forms (`swap_forms`), as contracts-UI users do:
/// the typed offer and a taker's payment become exactly the bytes the Rust client sends, and
/// the swap the manager gives back as bytes reads back field by field.
#[test]
fn a_multi_swap_made_and_read_through_the_typed_forms() {
    let mut w = world(&MultiSwap);
    let (manager, maker, taker, fsp) = (w.manager, w.maker, w.taker, w.fsp);
    let params = multi(&w);
    let forms = SwapForms::deploy(w.chain(), fsp);
    let offer = forms.multi_offer(w.chain(), params);
    assert_eq!(offer, Raw::of(params).0, "the bytes the Rust client sends");
    let limit = SpendingLimit::of(w.gold.asset(), MULTI_INPUT);
    let id = create(&mut w, Raw(offer), limit);
    let half = MULTI_OUTPUT / 2;
    let payment = forms.multi_engagement(w.chain(), half);
    assert_eq!(payment, Raw::of(half).0);
    assert_eq!(engage(&mut w, taker, id, Raw(payment), half), Ok(Ok(1)));
    let bytes = manager
        .custom_bytes(w.chain(), id, DATA_SWAP)
        .expect("the swap");
    let swap = forms.swap(w.chain(), bytes).expect("decodes");
    assert_eq!(swap.params, params.swap);
    assert_eq!((swap.min_output, swap.max_output), (MIN_OUTPUT, MAX_OUTPUT));
    assert_eq!(swap.maker, maker);
    assert_eq!(
        (swap.swapped_input, swap.swapped_output),
        (MULTI_INPUT / 2, half)
    );
    assert_eq!(swap.remaining_output(), half);
    let spot = params.swap;
    assert_eq!(forms.spot_offer(w.chain(), spot), Raw::of(spot).0);
}

#[test]
fn multi_swap_half_then_complete() {
    let mut w = world(&MultiSwap);
    let (manager, maker, taker, usd, gold) = (w.manager, w.maker, w.taker, w.usd, w.gold);
    let id = multi_offer(&mut w);
    let half = MULTI_OUTPUT / 2;
    assert_eq!(engage(&mut w, taker, id, Raw::of(half), half), Ok(Ok(1)));
    assert_eq!(status(&mut w, id), (IssuanceState::Engageable, 5_000));
    assert_eq!(w.escrowed(taker, gold), MULTI_INPUT / 2);
    assert_eq!(
        manager.custom_data::<Balance>(w.chain(), id, DATA_REMAINING_OUTPUT),
        Ok(half)
    );
    let second = funded_taker(&mut w, "second taker", half);
    assert_eq!(engage(&mut w, second, id, Raw::of(half), half), Ok(Ok(2)));
    assert_eq!(status(&mut w, id), (IssuanceState::Complete, 10_000));
    assert_eq!(
        manager.scheduled_event(w.chain(), id, None, ISSUANCE_DUE),
        None
    );
    for engagement in [1, 2] {
        let record = manager
            .engagement(w.chain(), id, engagement)
            .expect("exists");
        assert_eq!(record.state, EngagementState::Complete);
    }
    assert_eq!(w.escrowed(second, gold), MULTI_INPUT / 2);
    assert_eq!(w.escrowed(maker, usd), MULTI_OUTPUT);
    assert_eq!(issuance_holds(&mut w, id, gold.asset()), 0);
    w.check_escrows(1);
}

#[test]
fn multi_swap_output_below_min_or_above_max_is_refused() {
    let mut w = world(&MultiSwap);
    let (maker, taker, gold) = (w.maker, w.taker, w.gold);
    let id = multi_offer(&mut w);
    for output in [MIN_OUTPUT - 1, MAX_OUTPUT + 1] {
        assert_eq!(
            engage(&mut w, taker, id, Raw::of(output), output),
            Ok(Err(ManagerError::Instrument(InstrumentError::WrongAmount)))
        );
    }
    assert_eq!(
        engage(&mut w, taker, id, Raw::of(()), MAX_OUTPUT),
        Ok(Err(ManagerError::Instrument(
            InstrumentError::InvalidParameters
        ))),
        "the output must be named"
    );
    assert_eq!(status(&mut w, id), (IssuanceState::Engageable, 0));
    assert_eq!(w.locked(id, maker, gold), MULTI_INPUT);
    assert_eq!(w.escrowed(taker, w.usd), TAKER_USD);
    w.check_escrows(1);
}

#[test]
fn multi_swap_cancel_when_half_engaged_is_refused() {
    let mut w = world(&MultiSwap);
    let (maker, taker, gold) = (w.maker, w.taker, w.gold);
    let id = multi_offer(&mut w);
    let half = MULTI_OUTPUT / 2;
    assert_eq!(engage(&mut w, taker, id, Raw::of(half), half), Ok(Ok(1)));
    assert_eq!(
        cancel(&mut w, maker, id),
        refused(InstrumentError::InvalidState)
    );
    assert_eq!(status(&mut w, id), (IssuanceState::Engageable, 5_000));
    assert_eq!(w.locked(id, maker, gold), MULTI_INPUT / 2);
    w.check_escrows(1);
}

#[test]
fn multi_swap_due_after_half_keeps_the_ratio_and_returns_the_rest() {
    let mut w = world(&MultiSwap);
    let (maker, taker, gold) = (w.maker, w.taker, w.gold);
    let id = multi_offer(&mut w);
    let half = MULTI_OUTPUT / 2;
    assert_eq!(engage(&mut w, taker, id, Raw::of(half), half), Ok(Ok(1)));
    w.chain().advance_time(7 * DAY_MS);
    assert_eq!(fire_due(&mut w, id), Ok(Ok(())));
    assert_eq!(status(&mut w, id), (IssuanceState::Complete, 5_000));
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD - MULTI_INPUT / 2);
    assert_eq!(issuance_holds(&mut w, id, gold.asset()), 0);
    w.check_escrows(1);
}

#[test]
fn multi_swap_seven_takers_leave_no_dust_and_each_is_paid_exactly() {
    let mut w = world(&MultiSwap);
    let (manager, maker, usd, gold) = (w.manager, w.maker, w.usd, w.gold);
    // 1000 GOLD for 700 USD, 50..=100 USD each: 100 USD buys 142.857... GOLD, rounded down
    // to 142 for the first six; the seventh completes the offer and receives the 148 left.
    let offer = MultiSwapParams {
        swap: swap(&w, 1_000, 700),
        min_output: 50,
        max_output: 100,
    };
    let id = create(
        &mut w,
        Raw::of(offer),
        SpendingLimit::of(gold.asset(), 1_000),
    );
    let mut received = Vec::new();
    for index in 1..=7u64 {
        let taker = funded_taker(&mut w, &format!("taker {index}"), 100);
        assert_eq!(
            engage(&mut w, taker, id, Raw::of(100u128), 100),
            Ok(Ok(index))
        );
        received.push(w.escrowed(taker, gold));
        assert_eq!(w.escrowed(taker, usd), 0, "each taker paid exactly 100 USD");
        let ratio = status(&mut w, id).1;
        let swapped: Balance = received.iter().sum();
        assert_eq!(Balance::from(ratio), swapped * 10_000 / 1_000);
    }
    assert_eq!(received, vec![142, 142, 142, 142, 142, 142, 148]);
    assert_eq!(status(&mut w, id), (IssuanceState::Complete, 10_000));
    assert_eq!(issuance_holds(&mut w, id, gold.asset()), 0, "no dust");
    assert_eq!(w.escrowed(maker, usd), 700);
    assert_eq!(w.escrowed(maker, gold), MAKER_GOLD - 1_000);
    assert_eq!(manager.engagement(w.chain(), id, 8), None);
    w.check_escrows(1);
}

/// A spot swap described wrongly: it claims the valid offer is a bad one.
struct ClaimsTheValidOfferIsBad;

impl Subject for ClaimsTheValidOfferIsBad {
    fn version(&self) -> ManagerVersion {
        SpotSwap.version()
    }
    fn deploy(&self, chain: &mut Chain, fsp: AccountId, oracle: Oracle) -> InstrumentClient {
        SpotSwap.deploy(chain, fsp, oracle)
    }
    fn fund(&self, w: &mut World) {
        SpotSwap.fund(w)
    }
    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        SpotSwap.offer(w)
    }
    fn bad_offers(&self, w: &World) -> Vec<Raw> {
        vec![SpotSwap.offer(w).0]
    }
    fn engagement(&self, w: &World) -> (Raw, SpendingLimit) {
        SpotSwap.engagement(w)
    }
    fn engagement_events(&self) -> Vec<Name> {
        SpotSwap.engagement_events()
    }
}

/// The suite can fail: an instrument that accepts an offer the suite expects refused fails it.
#[test]
#[should_panic(expected = "InvalidParameters")]
fn the_suite_fails_an_instrument_that_accepts_a_bad_offer() {
    conformance::suite::bad_offers_are_refused_and_nothing_moves(ClaimsTheValidOfferIsBad);
}
