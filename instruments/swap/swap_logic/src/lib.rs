//! The rules of swaps (docs/SPEC.md §8), as plain functions from the issuance context and the
//! swap's data to an [`Outcome`]. A maker offers `input_amount` of the input asset for
//! `output_amount` of the output asset until `issuance_due`:
//! - create: the input moves into the issuance escrow; `Engageable` until `issuance_due`;
//! - engage: a taker pays part of the output straight to the maker and receives the matching
//!   part of the input at the offer's price, rounded down, except the taker who completes the
//!   offer, who receives exactly what is left: rounding never strands dust in the escrow. Each
//!   engagement is created `Complete`. Completion ratio = swapped input * 10000 / input
//!   (rounded down; exactly 10000 when all is swapped, and then the issuance is `Complete`);
//! - `issuance_due` while `Engageable`: `Complete` with the ratio reached, the input left goes
//!   back to the maker;
//! - `cancel` (maker, nobody engaged) and renew: `offer_logic`'s rules.
//!
//! A **spot swap** is the case where the only engagement allowed is the whole output (one taker,
//! atomic); a **multi-swap** bounds each engagement:
//! - an engagement pays an output within `[min_output, max_output]`, and never more than is
//!   left; it may pay less than `min_output` only when that is exactly what is left (it then
//!   completes the offer); it never pays more than `max_output`, even when that is what is left;
//! - an offer is refused at create (`InvalidParameters`) unless
//!   `0 < min_output <= max_output <= output_amount` and `ceil(output_amount / min_output) <=
//!   MAX_ENGAGEMENTS` (1000, the most engagements an issuance can have), so that the offer can
//!   always be completed within its engagement slots.
//!
//! Shares and ratios are exact (`traits::math`): `Overflow` only for a result that would not fit
//! a `Balance`, which no share of an offer can be (a share is at most the input).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::{prelude::vec, prelude::vec::Vec, scale::Encode};
use offer_logic::{days_after, decode_exact, ensure_open, refund, OfferTerms};
use traits::{
    math::mul_div, AccountId, Asset, Balance, CompletionRatio, EngagementState, EngagementUpdate,
    InstrumentError, IssuanceContext, IssuanceState, Name, Outcome, Timestamp, Transfer,
    TransferKind, FULL_COMPLETION, MAX_ENGAGEMENTS,
};

pub use offer_logic::{CANCEL, DATA_ISSUANCE_DUE, ISSUANCE_DUE};

/// Custom datum: the whole [`Swap`].
pub const DATA_SWAP: Name = Name::new("swap");
/// Custom datum: how much output the offer still takes (`Balance`).
pub const DATA_REMAINING_OUTPUT: Name = Name::new("remaining_output");

/// What a maker offers (the `params` of a spot swap's `create_issuance`, SCALE-encoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct SwapParams {
    /// What the maker gives.
    pub input_asset: Asset,
    /// How much the maker gives.
    pub input_amount: Balance,
    /// What the maker asks for (not the input asset).
    pub output_asset: Asset,
    /// How much the maker asks for, in all.
    pub output_amount: Balance,
    /// How long the offer can be engaged, days (within the instrument's terms).
    pub issuance_duration_days: u32,
}

/// A multi-swap offer (the `params` of a multi-swap's `create_issuance`, SCALE-encoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct MultiSwapParams {
    /// The whole offer.
    pub swap: SwapParams,
    /// The least output one taker may pay (unless paying exactly what is left); at least
    /// `output_amount / MAX_ENGAGEMENTS` (rounded up).
    pub min_output: Balance,
    /// The most output one taker may pay, even when more is left.
    pub max_output: Balance,
}

/// One issuance's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Swap {
    /// The offer.
    pub params: SwapParams,
    /// Bounds of one taker's output (both the whole output for a spot swap).
    pub min_output: Balance,
    /// See `min_output`.
    pub max_output: Balance,
    /// The maker.
    pub maker: AccountId,
    /// When the offer expires.
    pub issuance_due: Timestamp,
    /// Input paid to takers so far.
    pub swapped_input: Balance,
    /// Output paid to the maker so far.
    pub swapped_output: Balance,
    /// The instrument's terms when the offer was made (they govern its renewals).
    pub terms: OfferTerms,
}

impl Swap {
    /// Output the offer still takes.
    pub fn remaining_output(&self) -> Balance {
        self.params
            .output_amount
            .saturating_sub(self.swapped_output)
    }

    /// Input still in the issuance escrow.
    pub fn remaining_input(&self) -> Balance {
        self.params.input_amount.saturating_sub(self.swapped_input)
    }

    /// `swapped_input * 10000 / input_amount`, rounded down (exact: `traits::math`).
    pub fn completion_ratio(&self) -> Result<CompletionRatio, InstrumentError> {
        let full = Balance::from(FULL_COMPLETION);
        let ratio = mul_div(self.swapped_input, full, self.params.input_amount)
            .ok_or(InstrumentError::Overflow)?;
        u16::try_from(ratio)
            .ok()
            .and_then(CompletionRatio::new)
            .ok_or(InstrumentError::Overflow)
    }

    /// The input a taker paying `output` receives: `output * input / output_amount` rounded
    /// down (exact: `traits::math`), or exactly what is left when `output` completes the offer.
    pub fn input_for(&self, output: Balance) -> Result<Balance, InstrumentError> {
        if output == self.remaining_output() {
            return Ok(self.remaining_input());
        }
        mul_div(output, self.params.input_amount, self.params.output_amount)
            .ok_or(InstrumentError::Overflow)
    }
}

/// Decodes and checks a spot swap offer.
pub fn decode_spot(params: &[u8], terms: &OfferTerms) -> Result<SwapParams, InstrumentError> {
    let params: SwapParams = decode_exact(params, InstrumentError::InvalidParameters)?;
    check(&params, terms)?;
    Ok(params)
}

/// Decodes and checks a multi-swap offer: also the bounds ([`check_bounds`]).
pub fn decode_multi(params: &[u8], terms: &OfferTerms) -> Result<MultiSwapParams, InstrumentError> {
    let params: MultiSwapParams = decode_exact(params, InstrumentError::InvalidParameters)?;
    check(&params.swap, terms)?;
    check_bounds(
        params.swap.output_amount,
        params.min_output,
        params.max_output,
    )?;
    Ok(params)
}

/// The bounds of one engagement's output: `0 < min_output <= max_output <= output_amount`, and
/// `ceil(output_amount / min_output) <= MAX_ENGAGEMENTS`, the most engagements an issuance can
/// have: since every engagement but the one that completes the offer pays at least
/// `min_output`, the offer can always be completed within its engagement slots (otherwise one
/// taker could fill every slot with minimal swaps, and the offer could then be neither engaged
/// nor cancelled until due). `InvalidParameters` otherwise.
pub fn check_bounds(
    output_amount: Balance,
    min_output: Balance,
    max_output: Balance,
) -> Result<(), InstrumentError> {
    let valid = 0 < min_output
        && min_output <= max_output
        && max_output <= output_amount
        && output_amount.div_ceil(min_output) <= Balance::from(MAX_ENGAGEMENTS);
    if valid {
        Ok(())
    } else {
        Err(InstrumentError::InvalidParameters)
    }
}

/// Every share of any offer is computable (`traits::math`): only the terms are checked.
fn check(params: &SwapParams, terms: &OfferTerms) -> Result<(), InstrumentError> {
    let valid = params.input_amount > 0
        && params.output_amount > 0
        && params.input_asset != params.output_asset
        && terms.allows_duration(params.issuance_duration_days);
    if valid {
        Ok(())
    } else {
        Err(InstrumentError::InvalidParameters)
    }
}

/// Create: the input moves from the maker into the issuance escrow; `Engageable` until due.
/// `min_output..=max_output` bounds each taker's output (the whole output for a spot swap);
/// `InvalidParameters` unless they pass [`check_bounds`].
pub fn create(
    context: &IssuanceContext,
    params: SwapParams,
    (min_output, max_output): (Balance, Balance),
    terms: OfferTerms,
) -> Result<(Swap, Outcome), InstrumentError> {
    check_bounds(params.output_amount, min_output, max_output)?;
    let issuance_due = days_after(context.now, params.issuance_duration_days)?;
    let swap = Swap {
        params,
        min_output,
        max_output,
        maker: context.issuance.maker,
        issuance_due,
        swapped_input: 0,
        swapped_output: 0,
        terms,
    };
    let locked = (params.input_asset, params.input_amount);
    Ok((swap, offer_logic::open(swap.maker, locked, issuance_due)))
}

/// Engage: the taker pays `output` (the whole remaining output when `None`) straight to the
/// maker and receives its share of the input; the engagement is created `Complete`. Errors:
/// `InvalidState` (not engageable), `TooLate` (due), `NotAllowed` (the maker),
/// `WrongAmount` (above `max_output`, more than is left, below `min_output` and not exactly
/// what is left, or so little that its share of the input would be 0).
pub fn engage(
    context: &IssuanceContext,
    swap: &mut Swap,
    output: Option<Balance>,
) -> Result<Outcome, InstrumentError> {
    let (engagement_id, engagement) = context.engagement.ok_or(InstrumentError::InvalidState)?;
    ensure_open(context, swap.issuance_due)?;
    let taker = engagement.taker;
    if taker == swap.maker {
        return Err(InstrumentError::NotAllowed);
    }
    let remaining = swap.remaining_output();
    let output = output.unwrap_or(remaining);
    // Within [min_output, max_output]; below min_output only as exactly what is left.
    let too_much = output > swap.max_output || output > remaining;
    let too_little = output < swap.min_output && output != remaining;
    if too_much || too_little {
        return Err(InstrumentError::WrongAmount);
    }
    let input = swap.input_for(output)?;
    if input == 0 {
        return Err(InstrumentError::WrongAmount);
    }
    swap.swapped_input = swap.swapped_input.saturating_add(input);
    swap.swapped_output = swap.swapped_output.saturating_add(output);
    let completed = swap.remaining_output() == 0;
    let mut outcome = Outcome::new(IssuanceState::Engageable, swap.completion_ratio()?);
    if completed {
        outcome.issuance_state = IssuanceState::Complete;
        outcome.unschedule = vec![offer_logic::issuance_due_key()];
    }
    outcome.engagements = vec![EngagementUpdate {
        engagement_id,
        state: EngagementState::Complete,
    }];
    let params = swap.params;
    outcome.transfers = vec![
        Transfer::new(
            TransferKind::IntraInstrument,
            taker,
            swap.maker,
            params.output_asset,
            output,
        ),
        Transfer::new(
            TransferKind::Outbound,
            swap.maker,
            taker,
            params.input_asset,
            input,
        ),
    ];
    Ok(outcome)
}

/// What is left of the input, back to the maker (nothing when all is swapped).
fn refunds(swap: &Swap) -> Vec<Transfer> {
    let left = swap.remaining_input();
    if left == 0 {
        Vec::new()
    } else {
        vec![refund(swap.maker, swap.params.input_asset, left)]
    }
}

/// `issuance_due`: `Complete` with the ratio reached, the rest of the input back.
pub fn process_scheduled_event(
    context: &IssuanceContext,
    swap: &Swap,
    name: Name,
) -> Result<Outcome, InstrumentError> {
    if name == ISSUANCE_DUE {
        offer_logic::expire(context, refunds(swap))
    } else {
        Err(InstrumentError::UnknownEvent)
    }
}

/// `cancel` (maker, nobody engaged): the input back, `Cancelled`.
pub fn process_custom_event(
    context: &IssuanceContext,
    swap: &Swap,
    name: Name,
) -> Result<Outcome, InstrumentError> {
    if name == CANCEL {
        offer_logic::cancel(context, refunds(swap))
    } else {
        Err(InstrumentError::UnknownEvent)
    }
}

/// Renew: `offer_logic::renew` with the swap's own terms; the swap's `issuance_due` moves.
pub fn renew(
    context: &IssuanceContext,
    swap: &mut Swap,
    params: &[u8],
) -> Result<Outcome, InstrumentError> {
    let (due, outcome) = offer_logic::renew(context, swap.issuance_due, &swap.terms, params)?;
    swap.issuance_due = due;
    Ok(outcome)
}

/// A swap kept as bytes; `InvalidState` if it is not one.
pub fn decode_swap(bytes: &[u8]) -> Result<Swap, InstrumentError> {
    decode_exact(bytes, InstrumentError::InvalidState)
}

/// Reads datum `name`: `swap`, `issuance_due`, `remaining_output` (SCALE-encoded).
pub fn custom_data(swap: &Swap, name: Name) -> Result<Vec<u8>, InstrumentError> {
    if name == DATA_SWAP {
        Ok(swap.encode())
    } else if name == DATA_ISSUANCE_DUE {
        Ok(swap.issuance_due.encode())
    } else if name == DATA_REMAINING_OUTPUT {
        Ok(swap.remaining_output().encode())
    } else {
        Err(InstrumentError::UnknownEvent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use traits::DAY_MS;

    const NOW: Timestamp = 1_000 * DAY_MS;
    const USD: Asset = Asset::Token(AccountId([1; 32]));

    fn account(byte: u8) -> AccountId {
        AccountId::from([byte; 32])
    }

    fn offer(input_amount: Balance, output_amount: Balance) -> SwapParams {
        SwapParams {
            input_asset: Asset::Native,
            input_amount,
            output_asset: USD,
            output_amount,
            issuance_duration_days: 7,
        }
    }

    fn context(caller: AccountId, engagements: u64, swap: &Swap) -> IssuanceContext {
        use offer_logic::testing::{context, engaged};
        let open = context(caller, NOW, IssuanceState::Engageable, engagements);
        let mut ctx = engaged(open, engagements, caller, EngagementState::Initiated);
        ctx.issuance.completion_ratio = swap.completion_ratio().unwrap();
        ctx
    }

    fn created(params: SwapParams, bounds: (Balance, Balance)) -> Swap {
        let mut ctx = context(account(1), 0, &Swap::default_for(params));
        ctx.issuance.state = IssuanceState::Initiated;
        let (swap, outcome) = create(&ctx, params, bounds, OfferTerms::default()).unwrap();
        assert_eq!(
            outcome.transfers,
            vec![Transfer::new(
                TransferKind::Inbound,
                account(1),
                account(1),
                Asset::Native,
                params.input_amount
            )]
        );
        swap
    }

    impl Swap {
        fn default_for(params: SwapParams) -> Swap {
            Swap {
                params,
                min_output: 0,
                max_output: 0,
                maker: account(1),
                issuance_due: NOW,
                swapped_input: 0,
                swapped_output: 0,
                terms: OfferTerms::default(),
            }
        }
    }

    #[test]
    fn offers_are_checked() {
        let terms = OfferTerms::default();
        assert!(decode_spot(&offer(10, 20).encode(), &terms).is_ok());
        let bad = |p: SwapParams| decode_spot(&p.encode(), &terms);
        for params in [
            offer(0, 20),
            offer(10, 0),
            SwapParams {
                output_asset: Asset::Native,
                ..offer(10, 20)
            },
            SwapParams {
                issuance_duration_days: 15,
                ..offer(10, 20)
            },
        ] {
            assert_eq!(bad(params), Err(InstrumentError::InvalidParameters));
        }
        // every share is computed exactly: even the largest amounts make a valid offer
        let largest = offer(Balance::MAX, Balance::MAX - 1);
        assert_eq!(decode_spot(&largest.encode(), &terms), Ok(largest));
        let multi = |min_output, max_output| {
            decode_multi(
                &MultiSwapParams {
                    swap: offer(10, 20),
                    min_output,
                    max_output,
                }
                .encode(),
                &terms,
            )
        };
        assert!(multi(5, 20).is_ok());
        for (min, max) in [(0, 5), (6, 5), (5, 21)] {
            assert_eq!(multi(min, max), Err(InstrumentError::InvalidParameters));
        }
    }

    #[test]
    fn a_spot_swap_is_all_or_nothing() {
        let mut swap = created(offer(1_000, 2_000), (2_000, 2_000));
        let ctx = context(account(2), 1, &swap);
        let mut partial = swap;
        assert_eq!(
            engage(&ctx, &mut partial, Some(1_000)),
            Err(InstrumentError::WrongAmount)
        );
        let outcome = engage(&ctx, &mut swap, None).unwrap();
        assert_eq!(
            (outcome.issuance_state, outcome.completion_ratio),
            (IssuanceState::Complete, CompletionRatio::FULL)
        );
        assert_eq!(outcome.engagements[0].state, EngagementState::Complete);
        assert_eq!(
            outcome.transfers,
            vec![
                Transfer::new(
                    TransferKind::IntraInstrument,
                    account(2),
                    account(1),
                    USD,
                    2_000
                ),
                Transfer::new(
                    TransferKind::Outbound,
                    account(1),
                    account(2),
                    Asset::Native,
                    1_000
                ),
            ]
        );
        assert_eq!(outcome.unschedule, vec![offer_logic::issuance_due_key()]);
    }

    #[test]
    fn seven_takers_leave_no_dust() {
        // 1000 input for 700 output: 100 output buys 142.857... input, rounded down to 142;
        // the seventh taker completes the offer and receives the 148 left.
        let mut swap = created(offer(1_000, 700), (50, 100));
        let mut received = Vec::new();
        for taker in 1..=7u64 {
            let ctx = context(account(1 + taker as u8), taker, &swap);
            let outcome = engage(&ctx, &mut swap, Some(100)).unwrap();
            received.push(outcome.transfers[1].amount);
            let expected_state = if taker == 7 {
                IssuanceState::Complete
            } else {
                IssuanceState::Engageable
            };
            assert_eq!(outcome.issuance_state, expected_state);
            assert_eq!(outcome.completion_ratio, swap.completion_ratio().unwrap());
        }
        assert_eq!(received, vec![142, 142, 142, 142, 142, 142, 148]);
        assert_eq!(received.iter().sum::<Balance>(), 1_000);
        assert_eq!((swap.remaining_input(), swap.remaining_output()), (0, 0));
        assert_eq!(swap.completion_ratio(), Ok(CompletionRatio::FULL));
    }

    #[test]
    fn multi_swap_bounds_each_taker() {
        let mut swap = created(offer(1_000, 700), (50, 100));
        let ctx = context(account(2), 1, &swap);
        for output in [49, 101] {
            assert_eq!(
                engage(&ctx, &mut swap, Some(output)),
                Err(InstrumentError::WrongAmount)
            );
        }
        let maker = context(account(1), 1, &swap);
        assert_eq!(
            engage(&maker, &mut swap, Some(100)),
            Err(InstrumentError::NotAllowed)
        );
        // 6 x 100 then 30 left: below the minimum, but it is exactly the rest.
        for taker in 1..=6 {
            engage(&context(account(2), taker, &swap), &mut swap, Some(100)).unwrap();
        }
        swap.swapped_output += 70; // as if someone had taken 70 more
        swap.swapped_input += 100;
        let ctx = context(account(2), 7, &swap);
        let mut copy = swap;
        assert_eq!(
            engage(&ctx, &mut copy, Some(31)),
            Err(InstrumentError::WrongAmount),
            "more than is left"
        );
        let outcome = engage(&ctx, &mut swap, Some(30)).unwrap();
        assert_eq!(outcome.transfers[1].amount, 1_000 - 852 - 100);
        assert_eq!(outcome.issuance_state, IssuanceState::Complete);
    }

    fn multi(output_amount: Balance, min_output: Balance, max_output: Balance) -> Vec<u8> {
        MultiSwapParams {
            swap: offer(1_000, output_amount),
            min_output,
            max_output,
        }
        .encode()
    }

    #[test]
    fn one_taker_never_pays_more_than_max_output() {
        // 1000 GOLD for 700 USD, at most 300 USD per taker: nobody takes the whole offer
        let mut swap = created(offer(1_000, 700), (50, 300));
        let ctx = context(account(2), 1, &swap);
        for output in [Some(700), None, Some(301)] {
            assert_eq!(
                engage(&ctx, &mut swap, output),
                Err(InstrumentError::WrongAmount),
                "{output:?} is above the most one taker may pay"
            );
        }
        assert_eq!((swap.swapped_input, swap.swapped_output), (0, 0));
        let outcome = engage(&ctx, &mut swap, Some(300)).unwrap();
        assert_eq!(
            outcome.transfers[1].amount, 428,
            "300 * 1000 / 700, rounded down"
        );
    }

    #[test]
    fn what_is_left_is_paid_only_within_max_output() {
        // 1000 GOLD for 700 USD, 150 to 300 USD per taker: 300, 300, then 100 left
        let mut swap = created(offer(1_000, 700), (150, 300));
        for taker in 1..=2 {
            engage(&context(account(2), taker, &swap), &mut swap, Some(300)).unwrap();
        }
        let ctx = context(account(3), 3, &swap);
        let mut copy = swap;
        assert_eq!(
            engage(&ctx, &mut copy, Some(99)),
            Err(InstrumentError::WrongAmount),
            "below the minimum and not what is left"
        );
        let outcome = engage(&ctx, &mut swap, Some(100)).unwrap();
        assert_eq!(outcome.issuance_state, IssuanceState::Complete);
        assert_eq!(outcome.transfers[1].amount, 1_000 - 428 - 428);

        // 400 left is above max_output: it takes two more takers (300, then the 100 left)
        let mut swap = created(offer(1_000, 700), (150, 300));
        engage(&context(account(2), 1, &swap), &mut swap, Some(300)).unwrap();
        let ctx = context(account(3), 2, &swap);
        let mut copy = swap;
        assert_eq!(
            engage(&ctx, &mut copy, None),
            Err(InstrumentError::WrongAmount),
            "the 400 left is more than one taker may pay"
        );
        engage(&ctx, &mut swap, Some(300)).unwrap();
        let last = engage(&context(account(4), 3, &swap), &mut swap, None).unwrap();
        assert_eq!(last.transfers[0].amount, 100);
        assert_eq!(last.issuance_state, IssuanceState::Complete);
    }

    #[test]
    fn offers_that_could_use_up_every_engagement_slot_are_refused() {
        let terms = OfferTerms::default();
        let slots = Balance::from(MAX_ENGAGEMENTS);
        // ceil(output / min_output) engagements at most: MAX_ENGAGEMENTS is the limit
        for (output, min) in [(slots, 1), (2 * slots, 2), (2 * slots - 1, 2), (700, 1)] {
            assert!(decode_multi(&multi(output, min, output), &terms).is_ok());
        }
        for (output, min) in [(slots + 1, 1), (2 * slots + 1, 2), (Balance::MAX, 1)] {
            assert_eq!(
                decode_multi(&multi(output, min, output), &terms),
                Err(InstrumentError::InvalidParameters),
                "{output} in parts of {min} needs more than {slots} engagements"
            );
            let ctx = context(account(1), 0, &Swap::default_for(offer(1_000, output)));
            assert_eq!(
                create(&ctx, offer(1_000, output), (min, output), terms).map(|_| ()),
                Err(InstrumentError::InvalidParameters)
            );
        }
    }

    #[test]
    fn eighteen_decimal_amounts_are_swapped_exactly() {
        // 1000 GOLD for 700 USD, both with 18 decimals, at most 300 USD per taker
        const UNIT: Balance = 1_000_000_000_000_000_000;
        let params = offer(1_000 * UNIT, 700 * UNIT);
        assert_eq!(
            decode_spot(&params.encode(), &OfferTerms::default()),
            Ok(params)
        );
        let mut swap = created(params, (50 * UNIT, 300 * UNIT));
        let outcome = engage(&context(account(2), 1, &swap), &mut swap, Some(100 * UNIT)).unwrap();
        // 100 USD buys 1000/7 GOLD = 142.857142857142857142... GOLD, rounded down
        assert_eq!(outcome.transfers[1].amount, 142_857_142_857_142_857_142);
        assert_eq!(outcome.completion_ratio.basis_points(), 1_428);
    }

    #[test]
    fn a_share_of_nothing_is_refused() {
        let mut swap = created(offer(10, 1_000), (1, 1_000));
        let ctx = context(account(2), 1, &swap);
        assert_eq!(
            engage(&ctx, &mut swap, Some(99)),
            Err(InstrumentError::WrongAmount),
            "99 output buys 0.99 input"
        );
        assert_eq!(
            engage(&ctx, &mut swap, Some(100)).unwrap().transfers[1].amount,
            1
        );
    }

    #[test]
    fn due_after_half_keeps_the_ratio_and_returns_the_rest() {
        let mut swap = created(offer(1_000, 700), (50, 350));
        engage(&context(account(2), 1, &swap), &mut swap, Some(350)).unwrap();
        let mut ctx = context(account(9), 1, &swap);
        ctx.engagement = None;
        assert_eq!(ctx.issuance.completion_ratio.basis_points(), 5_000);
        let outcome = process_scheduled_event(&ctx, &swap, ISSUANCE_DUE).unwrap();
        assert_eq!(
            (
                outcome.issuance_state,
                outcome.completion_ratio.basis_points()
            ),
            (IssuanceState::Complete, 5_000)
        );
        assert_eq!(
            outcome.transfers,
            vec![refund(account(1), Asset::Native, 500)]
        );
        assert_eq!(
            process_custom_event(&context(account(1), 1, &swap), &swap, CANCEL),
            Err(InstrumentError::InvalidState),
            "no cancel once someone swapped"
        );
        assert_eq!(
            process_scheduled_event(&ctx, &swap, Name::new("other")),
            Err(InstrumentError::UnknownEvent)
        );
    }

    #[test]
    fn engaging_at_the_due_time_is_too_late() {
        let mut swap = created(offer(1_000, 700), (50, 700));
        let mut ctx = context(account(2), 1, &swap);
        ctx.now = swap.issuance_due;
        assert_eq!(
            engage(&ctx, &mut swap, Some(100)),
            Err(InstrumentError::TooLate)
        );
        assert_eq!(swap.swapped_input, 0);
    }

    #[test]
    fn custom_data_reads_the_swap() {
        let swap = created(offer(1_000, 700), (50, 700));
        assert_eq!(custom_data(&swap, DATA_SWAP), Ok(swap.encode()));
        assert_eq!(
            custom_data(&swap, DATA_REMAINING_OUTPUT),
            Ok(700u128.encode())
        );
        assert_eq!(
            custom_data(&swap, Name::new("x")),
            Err(InstrumentError::UnknownEvent)
        );
        assert_eq!(decode_swap(&[0]), Err(InstrumentError::InvalidState));
    }

    mod exact {
        //! Property tests: the swap's amounts against a big-integer reference over the whole
        //! range of their inputs, and the multi-swap bounds.
        use super::*;
        use num_bigint::BigUint;
        use proptest::prelude::*;

        /// Any `u128`, with every magnitude as likely as any other (and the edges).
        fn amount() -> impl Strategy<Value = u128> {
            prop_oneof![
                any::<u128>(),
                (any::<u128>(), 0u32..128).prop_map(|(x, shift)| x >> shift),
                Just(0),
                Just(1),
                Just(u128::MAX),
            ]
        }

        fn swap(input_amount: Balance, output_amount: Balance) -> Swap {
            Swap::default_for(offer(input_amount, output_amount))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(5_000))]

            #[test]
            fn a_share_of_the_input_is_exact_and_rounded_down(
                input_amount in amount(), output_amount in amount(), output in amount()
            ) {
                let swap = swap(input_amount, output_amount);
                let expected = if output == output_amount {
                    Ok(input_amount)
                } else if output_amount == 0 {
                    Err(InstrumentError::Overflow)
                } else {
                    let exact = BigUint::from(output) * BigUint::from(input_amount)
                        / BigUint::from(output_amount);
                    Balance::try_from(exact).map_err(|_| InstrumentError::Overflow)
                };
                prop_assert_eq!(swap.input_for(output), expected);
            }

            #[test]
            fn the_completion_ratio_is_exact_and_rounded_down(
                input_amount in amount(), swapped_input in amount()
            ) {
                let swap = Swap { swapped_input, ..swap(input_amount, 1) };
                let expected = (input_amount > 0)
                    .then(|| {
                        BigUint::from(swapped_input) * BigUint::from(FULL_COMPLETION)
                            / BigUint::from(input_amount)
                    })
                    .and_then(|ratio| u16::try_from(ratio).ok())
                    .and_then(CompletionRatio::new)
                    .ok_or(InstrumentError::Overflow);
                prop_assert_eq!(swap.completion_ratio(), expected);
            }

            #[test]
            fn each_taker_pays_within_the_bounds_or_exactly_what_is_left(
                (output_amount, min_output, max_output, swapped, output) in (1u128..2_000)
                    .prop_flat_map(|amount| (Just(amount), 1..=amount, 0..amount))
                    .prop_flat_map(|(amount, max, swapped)| {
                        (Just(amount), 1..=max, Just(max), Just(swapped), 0..amount + 100)
                    })
            ) {
                let mut swap = Swap {
                    min_output,
                    max_output,
                    swapped_output: swapped,
                    swapped_input: swapped,
                    issuance_due: NOW + DAY_MS,
                    ..swap(output_amount, output_amount)
                };
                let left = output_amount - swapped;
                let allowed = output <= max_output
                    && output <= left
                    && (min_output <= output || output == left)
                    && output > 0;
                let ctx = context(account(2), 1, &swap);
                let engaged = engage(&ctx, &mut swap, Some(output));
                prop_assert_eq!(engaged.is_ok(), allowed, "{:?}", engaged);
                if !allowed {
                    prop_assert_eq!(engaged, Err(InstrumentError::WrongAmount));
                }
            }

            #[test]
            fn an_offer_fits_in_its_engagement_slots(
                (output_amount, min_output) in prop_oneof![
                    (amount(), amount()).prop_map(|(x, y)| (x.max(y).max(1), x.min(y).max(1))),
                    // around the limit: output_amount / min_output near MAX_ENGAGEMENTS
                    (amount(), 990u128..1_010).prop_map(|(x, parts)| (x.max(1), (x / parts).max(1))),
                ]
            ) {
                let params = MultiSwapParams {
                    swap: offer(1, output_amount),
                    min_output,
                    max_output: output_amount,
                };
                let min = BigUint::from(min_output);
                let parts = (BigUint::from(output_amount) + &min - 1u8) / min;
                let fits = parts <= BigUint::from(MAX_ENGAGEMENTS);
                let decoded = decode_multi(&params.encode(), &OfferTerms::default());
                prop_assert_eq!(decoded.is_ok(), fits);
            }
        }
    }
}
