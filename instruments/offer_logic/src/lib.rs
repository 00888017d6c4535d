//! The rules every offer-style instrument shares, as plain functions (docs/SPEC.md §5, §7, §8). A
//! maker's offer is `Engageable` from its creation until `issuance_due`, a scheduled event at a
//! whole number of days after creation within the FSP's [`OfferTerms`]:
//! - [`cancel`]: only the maker, only while nobody engaged and the issuance is not final; what
//!   the maker locked goes back and the issuance is `Cancelled`;
//! - [`expire`]: `issuance_due` on an `Engageable` issuance completes it with the ratio it
//!   reached, and what is left goes back to the maker;
//! - [`renew`]: the maker moves `issuance_due` later, strictly before it, while nobody engaged,
//!   by up to the terms' maximum, never beyond the total cap counted from creation;
//! - [`ensure_open`]: engagements only while `Engageable` and strictly before `issuance_due`.
//!
//! Lending, borrowing, spot swap and multi-swap all apply these, so the same rule reads the same
//! everywhere and is unit-tested once.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::{
    prelude::{vec, vec::Vec},
    scale::{Decode, DecodeAll},
};
use traits::{
    AccountId, Asset, Balance, InstrumentError, IssuanceContext, IssuanceState, Name, Outcome,
    ScheduleKey, ScheduledEvent, Timestamp, Transfer, TransferKind, DAY_MS,
};

/// Scheduled: the offer's time to be engaged is over.
pub const ISSUANCE_DUE: Name = Name::new("issuance_due");
/// Custom (maker): cancel an offer nobody engaged; no payload.
pub const CANCEL: Name = Name::new("cancel");
/// Custom datum: when the offer is due (`Timestamp`).
pub const DATA_ISSUANCE_DUE: Name = Name::new("issuance_due");

/// Bounds the FSP sets on how long its instrument's offers stay engageable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct OfferTerms {
    /// Shortest issuance duration, days.
    pub min_issuance_duration_days: u32,
    /// Longest issuance duration (and longest single renewal), days.
    pub max_issuance_duration_days: u32,
    /// Longest time an offer may stay engageable, from its creation to its due time, all
    /// renewals included, days.
    pub max_total_issuance_duration_days: u32,
}

impl Default for OfferTerms {
    /// The original platform's 1..=14 days, renewable up to 28 days in all.
    fn default() -> Self {
        Self {
            min_issuance_duration_days: 1,
            max_issuance_duration_days: 14,
            max_total_issuance_duration_days: 28,
        }
    }
}

impl OfferTerms {
    /// The terms, if the bounds make sense (`1 <= min <= max <= max_total`);
    /// `InvalidParameters` otherwise.
    pub fn validated(self) -> Result<Self, InstrumentError> {
        let valid = 1 <= self.min_issuance_duration_days
            && self.min_issuance_duration_days <= self.max_issuance_duration_days
            && self.max_issuance_duration_days <= self.max_total_issuance_duration_days;
        if valid {
            Ok(self)
        } else {
            Err(InstrumentError::InvalidParameters)
        }
    }

    /// Whether an offer may last `days` at creation.
    pub fn allows_duration(&self, days: u32) -> bool {
        within(
            days,
            (
                self.min_issuance_duration_days,
                self.max_issuance_duration_days,
            ),
        )
    }
}

/// Whether `value` is in `low..=high`.
pub fn within(value: u32, (low, high): (u32, u32)) -> bool {
    (low..=high).contains(&value)
}

/// `count` whole days after `start`; `Overflow` past the end of time.
pub fn days_after(start: Timestamp, count: u32) -> Result<Timestamp, InstrumentError> {
    Timestamp::from(count)
        .checked_mul(DAY_MS)
        .and_then(|span| start.checked_add(span))
        .ok_or(InstrumentError::Overflow)
}

/// Decodes exactly one `T` from `bytes` (nothing left over), else `error`.
pub fn decode_exact<T: Decode>(bytes: &[u8], error: InstrumentError) -> Result<T, InstrumentError> {
    T::decode_all(&mut &bytes[..]).map_err(|_| error)
}

/// An outcome that keeps the issuance where it is.
pub fn unchanged(context: &IssuanceContext) -> Outcome {
    Outcome::new(context.issuance.state, context.issuance.completion_ratio)
}

/// The key of the offer's `issuance_due` event.
pub fn issuance_due_key() -> ScheduleKey {
    ScheduleKey {
        engagement_id: None,
        name: ISSUANCE_DUE,
    }
}

/// `issuance_due` at `due`.
pub fn issuance_due_at(due: Timestamp) -> ScheduledEvent {
    ScheduledEvent {
        key: issuance_due_key(),
        due,
        payload: Vec::new(),
    }
}

/// `amount` of `asset` locked by `maker` in the issuance escrow goes back to the maker's
/// instrument-escrow account.
pub fn refund(maker: AccountId, asset: Asset, amount: Balance) -> Transfer {
    Transfer::new(TransferKind::Outbound, maker, maker, asset, amount)
}

/// A new offer: `Engageable` (ratio 0), `issuance_due` scheduled at `due`, and `locked` moving
/// from the maker into the issuance escrow.
pub fn open(maker: AccountId, locked: (Asset, Balance), due: Timestamp) -> Outcome {
    let mut outcome = Outcome::new(IssuanceState::Engageable, traits::CompletionRatio::ZERO);
    outcome.transfers = vec![Transfer::new(
        TransferKind::Inbound,
        maker,
        maker,
        locked.0,
        locked.1,
    )];
    outcome.schedule = vec![issuance_due_at(due)];
    outcome
}

/// Engagements only while the offer is `Engageable` (`InvalidState`) and strictly before its
/// due time (`TooLate`), even if the keeper has not fired `issuance_due` yet.
pub fn ensure_open(
    context: &IssuanceContext,
    issuance_due: Timestamp,
) -> Result<(), InstrumentError> {
    if context.issuance.state != IssuanceState::Engageable {
        return Err(InstrumentError::InvalidState);
    }
    if context.now >= issuance_due {
        return Err(InstrumentError::TooLate);
    }
    Ok(())
}

/// `cancel`: the maker only (`NotAllowed`), while the issuance is not final and nobody engaged
/// it (`InvalidState`). `refunds` go back, `issuance_due` is unscheduled.
pub fn cancel(
    context: &IssuanceContext,
    refunds: Vec<Transfer>,
) -> Result<Outcome, InstrumentError> {
    if context.caller != context.issuance.maker {
        return Err(InstrumentError::NotAllowed);
    }
    if context.issuance.state.is_final() || context.issuance.engagement_count > 0 {
        return Err(InstrumentError::InvalidState);
    }
    let mut outcome = unchanged(context);
    outcome.issuance_state = IssuanceState::Cancelled;
    outcome.transfers = refunds;
    outcome.unschedule = vec![issuance_due_key()];
    Ok(outcome)
}

/// `issuance_due` on an `Engageable` issuance (`InvalidState` otherwise): `Complete` with the
/// ratio reached; `refunds` go back.
pub fn expire(
    context: &IssuanceContext,
    refunds: Vec<Transfer>,
) -> Result<Outcome, InstrumentError> {
    if context.issuance.state != IssuanceState::Engageable {
        return Err(InstrumentError::InvalidState);
    }
    let mut outcome = unchanged(context);
    outcome.issuance_state = IssuanceState::Complete;
    outcome.transfers = refunds;
    Ok(outcome)
}

/// Renew: the maker (`NotAllowed`) of an `Engageable` offer nobody engaged (`InvalidState`),
/// strictly before `issuance_due` (`TooLate`), moves it later by `params` (`u32` days, 1 up to
/// the terms' maximum duration); the offer stays engageable at most the terms' total cap from
/// creation (`InvalidParameters` beyond). Returns the new due time and the outcome that
/// reschedules `issuance_due`.
pub fn renew(
    context: &IssuanceContext,
    issuance_due: Timestamp,
    terms: &OfferTerms,
    params: &[u8],
) -> Result<(Timestamp, Outcome), InstrumentError> {
    if context.caller != context.issuance.maker {
        return Err(InstrumentError::NotAllowed);
    }
    if context.issuance.engagement_count > 0 {
        return Err(InstrumentError::InvalidState);
    }
    ensure_open(context, issuance_due)?;
    let extension: u32 = decode_exact(params, InstrumentError::InvalidParameters)?;
    let due = days_after(issuance_due, extension)?;
    let cap = days_after(
        context.issuance.created_at,
        terms.max_total_issuance_duration_days,
    )?;
    if !within(extension, (1, terms.max_issuance_duration_days)) || due > cap {
        return Err(InstrumentError::InvalidParameters);
    }
    let mut outcome = unchanged(context);
    outcome.schedule = vec![issuance_due_at(due)];
    Ok((due, outcome))
}

/// Contexts for the instruments' unit tests (`std` only: not in contracts).
#[cfg(feature = "std")]
pub mod testing {
    use traits::{
        AccountId, CompletionRatio, EngagementId, EngagementRecord, EngagementState,
        IssuanceContext, IssuanceRecord, IssuanceState, Timestamp,
    };

    /// The issuance's maker in [`context`].
    pub const MAKER: AccountId = AccountId([1; 32]);

    /// A call by `caller` at `now` about an issuance of [`MAKER`] created at `now`, in `state`
    /// with `engagements` engagements so far, ratio 0, about no engagement.
    pub fn context(
        caller: AccountId,
        now: Timestamp,
        state: IssuanceState,
        engagements: u64,
    ) -> IssuanceContext {
        IssuanceContext {
            instrument_id: 1,
            issuance_id: 1,
            manager: AccountId([100; 32]),
            caller,
            now,
            issuance: IssuanceRecord {
                maker: MAKER,
                state,
                completion_ratio: CompletionRatio::ZERO,
                created_at: now,
                escrow: AccountId([101; 32]),
                engagement_count: engagements,
                data_contract: None,
                pending_schedules: 0,
            },
            engagement: None,
        }
    }

    /// `context` about engagement `id` of `taker`, in `state`.
    pub fn engaged(
        mut context: IssuanceContext,
        id: EngagementId,
        taker: AccountId,
        state: EngagementState,
    ) -> IssuanceContext {
        let created_at = context.now;
        context.engagement = Some((
            id,
            EngagementRecord {
                taker,
                state,
                created_at,
                pending_schedules: 0,
            },
        ));
        context
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::Encode;
    use traits::CompletionRatio;

    const NOW: Timestamp = 1_000 * DAY_MS;

    fn account(byte: u8) -> AccountId {
        AccountId::from([byte; 32])
    }

    fn context(caller: AccountId, state: IssuanceState, engagements: u64) -> IssuanceContext {
        testing::context(caller, NOW, state, engagements)
    }

    #[test]
    fn terms_are_consistent() {
        assert!(OfferTerms::default().validated().is_ok());
        let bad = |min, max, total| OfferTerms {
            min_issuance_duration_days: min,
            max_issuance_duration_days: max,
            max_total_issuance_duration_days: total,
        };
        for terms in [bad(0, 1, 1), bad(3, 2, 5), bad(1, 5, 4)] {
            assert_eq!(terms.validated(), Err(InstrumentError::InvalidParameters));
        }
        assert!(OfferTerms::default().allows_duration(14));
        assert!(!OfferTerms::default().allows_duration(0));
        assert!(!OfferTerms::default().allows_duration(15));
    }

    #[test]
    fn days_never_overflow_silently() {
        assert_eq!(days_after(NOW, 2), Ok(NOW + 2 * DAY_MS));
        assert_eq!(
            days_after(Timestamp::MAX - 1, 1),
            Err(InstrumentError::Overflow)
        );
        assert_eq!(
            days_after(0, u32::MAX),
            Ok(Timestamp::from(u32::MAX) * DAY_MS)
        );
    }

    #[test]
    fn exact_decoding_refuses_trailing_bytes() {
        let bad = InstrumentError::InvalidParameters;
        assert_eq!(decode_exact::<u32>(&7u32.encode(), bad), Ok(7));
        let mut trailing = 7u32.encode();
        trailing.push(0);
        assert_eq!(
            decode_exact::<u32>(&trailing, InstrumentError::InvalidParameters),
            Err(InstrumentError::InvalidParameters)
        );
    }

    #[test]
    fn only_the_maker_cancels_and_only_before_an_engagement() {
        let (maker, other) = (account(1), account(2));
        let back = vec![refund(maker, Asset::Native, 5)];
        let ok = cancel(&context(maker, IssuanceState::Engageable, 0), back.clone()).unwrap();
        assert_eq!(ok.issuance_state, IssuanceState::Cancelled);
        assert_eq!(ok.transfers, back);
        assert_eq!(ok.unschedule, vec![issuance_due_key()]);
        assert_eq!(
            cancel(&context(other, IssuanceState::Engageable, 0), back.clone()),
            Err(InstrumentError::NotAllowed)
        );
        assert_eq!(
            cancel(&context(maker, IssuanceState::Engageable, 1), back.clone()),
            Err(InstrumentError::InvalidState)
        );
        assert_eq!(
            cancel(&context(maker, IssuanceState::Complete, 0), back),
            Err(InstrumentError::InvalidState)
        );
    }

    #[test]
    fn expiry_completes_an_engageable_offer_only() {
        let mut ctx = context(account(9), IssuanceState::Engageable, 1);
        ctx.issuance.completion_ratio = CompletionRatio::new(5_000).unwrap();
        let outcome = expire(&ctx, vec![]).unwrap();
        assert_eq!(outcome.issuance_state, IssuanceState::Complete);
        assert_eq!(outcome.completion_ratio.basis_points(), 5_000);
        ctx.issuance.state = IssuanceState::Cancelled;
        assert_eq!(expire(&ctx, vec![]), Err(InstrumentError::InvalidState));
    }

    #[test]
    fn engagements_only_while_open() {
        let due = NOW + DAY_MS;
        let mut ctx = context(account(2), IssuanceState::Engageable, 0);
        assert_eq!(ensure_open(&ctx, due), Ok(()));
        ctx.now = due;
        assert_eq!(ensure_open(&ctx, due), Err(InstrumentError::TooLate));
        ctx.issuance.state = IssuanceState::Complete;
        assert_eq!(ensure_open(&ctx, due), Err(InstrumentError::InvalidState));
    }

    #[test]
    fn renewals_move_the_due_time_within_the_terms_and_the_cap() {
        let terms = OfferTerms::default();
        let maker = account(1);
        let mut ctx = context(maker, IssuanceState::Engageable, 0);
        let due = NOW + 7 * DAY_MS;
        let (later, outcome) = renew(&ctx, due, &terms, &7u32.encode()).unwrap();
        assert_eq!(later, NOW + 14 * DAY_MS);
        assert_eq!(outcome.schedule, vec![issuance_due_at(later)]);
        // 14 more days would end 35 days after creation: beyond the 28-day cap.
        assert_eq!(
            renew(&ctx, later, &terms, &21u32.encode()),
            Err(InstrumentError::InvalidParameters)
        );
        for days in [0u32, 15] {
            assert_eq!(
                renew(&ctx, due, &terms, &days.encode()),
                Err(InstrumentError::InvalidParameters)
            );
        }
        assert_eq!(
            renew(&ctx, due, &terms, &[1]),
            Err(InstrumentError::InvalidParameters)
        );
        ctx.now = due;
        assert_eq!(
            renew(&ctx, due, &terms, &1u32.encode()),
            Err(InstrumentError::TooLate)
        );
        ctx.now = NOW;
        ctx.caller = account(2);
        assert_eq!(
            renew(&ctx, due, &terms, &1u32.encode()),
            Err(InstrumentError::NotAllowed)
        );
        let engaged = context(maker, IssuanceState::Engageable, 1);
        assert_eq!(
            renew(&engaged, due, &terms, &1u32.encode()),
            Err(InstrumentError::InvalidState)
        );
    }
}
