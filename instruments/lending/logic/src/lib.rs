//! The lending instrument's rules (SPEC §8), as plain functions from the issuance context and the
//! loan's data to an [`Outcome`]. The v1, v2 and v3 lending contracts differ only in where they
//! keep the [`Loan`]; they all call these functions.
//!
//! A maker lends `principal` of the lending asset for `tenor_days` at `interest_rate` per day,
//! asking the taker for collateral worth `collateral_ratio` of the principal:
//! - create: the principal moves into the issuance escrow; the issuance is `Engageable` until
//!   `issuance_due`;
//! - engage: the taker's collateral moves in, the principal goes to the taker, the engagement is
//!   `Active` until `engagement_due`, the issuance `Complete` (10000);
//! - `repay` (taker, before `engagement_due`, exactly principal + interest): the repayment goes to
//!   the maker, the collateral back to the taker;
//! - `engagement_due` while unpaid: the collateral goes to the maker (default);
//! - `issuance_due` while `Engageable`: the principal goes back, the issuance `Complete` (0);
//! - `cancel` (maker, no engagement): the principal goes back, the issuance `Cancelled`;
//! - renew (maker, no engagement, before `issuance_due`): `issuance_due` moves later by up to the
//!   maximum duration, never beyond the total cap counted from the issuance's creation.
//!
//! The terms and the price oracle in force when an issuance is created stay its own: the FSP's
//! later changes apply to later issuances, on every interface version.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::{
    codegen::TraitCallBuilder,
    contract_ref,
    env::DefaultEnvironment,
    prelude::{vec, vec::Vec},
    scale::{DecodeAll, Encode},
};
use traits::{
    calls::answered, AccountId, Asset, Balance, CompletionRatio, EngagementId, EngagementState,
    EngagementUpdate, InstrumentError, IssuanceContext, IssuanceState, Name, Outcome, PriceOracle,
    ScheduleKey, ScheduledEvent, Timestamp, Transfer, TransferKind, DAY_MS,
};

/// Scheduled: the issuance's time to be engaged is over.
pub const ISSUANCE_DUE: Name = Name::new("issuance_due");
/// Scheduled: the loan's tenor is over.
pub const ENGAGEMENT_DUE: Name = Name::new("engagement_due");
/// Custom (taker): repay principal + interest; payload: the amount (`Balance`).
pub const REPAY: Name = Name::new("repay");
/// Custom (maker): cancel an issuance nobody engaged; no payload.
pub const CANCEL: Name = Name::new("cancel");
/// Custom datum: the whole [`Loan`].
pub const DATA_LOAN: Name = Name::new("loan");
/// Custom datum: when the issuance is due (`Timestamp`).
pub const DATA_ISSUANCE_DUE: Name = Name::new("issuance_due");
/// Custom datum: what the taker must repay (`Balance`); only once engaged.
pub const DATA_REPAY_AMOUNT: Name = Name::new("repay_amount");

/// Collateral ratio bounds, basis points (10000 = 100%).
pub const COLLATERAL_RATIO_RANGE: (u32, u32) = (5_000, 20_000);
/// Interest rate bounds, per day in millionths (1_000_000 = 100%).
pub const INTEREST_RATE_RANGE: (u32, u32) = (10, 50_000);
/// Tenor bounds, days.
pub const TENOR_DAYS_RANGE: (u32, u32) = (2, 90);
/// Denominator of the collateral ratio.
pub const RATIO_DENOMINATOR: Balance = 10_000;
/// Denominator of the interest rate.
pub const RATE_DENOMINATOR: Balance = 1_000_000;

/// What a maker offers (the `params` of `create_issuance`, SCALE-encoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LendingParams {
    /// The asset lent.
    pub lending_asset: Asset,
    /// How much is lent.
    pub principal: Balance,
    /// The asset the taker posts as collateral (not the lending asset).
    pub collateral_asset: Asset,
    /// Collateral value as a share of the principal, basis points.
    pub collateral_ratio: u32,
    /// Loan duration, days.
    pub tenor_days: u32,
    /// Interest per day, millionths of the principal.
    pub interest_rate: u32,
    /// How long the offer can be engaged, days (within the instrument's terms).
    pub issuance_duration_days: u32,
}

/// Bounds the FSP sets on its lending instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LendingTerms {
    /// Shortest issuance duration, days.
    pub min_issuance_duration_days: u32,
    /// Longest issuance duration (and longest single renewal), days.
    pub max_issuance_duration_days: u32,
    /// Longest time an offer may stay engageable, from its creation to its due time, all
    /// renewals included, days.
    pub max_total_issuance_duration_days: u32,
}

impl Default for LendingTerms {
    /// The original platform's 1..=14 days, renewable up to 28 days in all.
    fn default() -> Self {
        Self {
            min_issuance_duration_days: 1,
            max_issuance_duration_days: 14,
            max_total_issuance_duration_days: 28,
        }
    }
}

impl LendingTerms {
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
}

/// The taker's side of a loan, fixed at engagement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LoanEngagement {
    /// The engagement's id.
    pub engagement_id: EngagementId,
    /// The borrower.
    pub taker: AccountId,
    /// Collateral posted, in the collateral asset.
    pub collateral: Balance,
    /// Interest owed on top of the principal.
    pub interest: Balance,
    /// When the loan must be repaid by (exclusive).
    pub due: Timestamp,
}

/// One issuance's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Loan {
    /// The maker's offer.
    pub params: LendingParams,
    /// The lender.
    pub maker: AccountId,
    /// When the offer expires.
    pub issuance_due: Timestamp,
    /// The taker's side, once engaged.
    pub engagement: Option<LoanEngagement>,
    /// The instrument's terms when the offer was made (they govern its renewals).
    pub terms: LendingTerms,
    /// The price oracle when the offer was made (it prices the collateral at engagement).
    pub oracle: AccountId,
}

impl Loan {
    /// Principal plus interest, once engaged.
    pub fn repay_amount(&self) -> Option<Balance> {
        let engagement = self.engagement?;
        self.params.principal.checked_add(engagement.interest)
    }
}

/// Interest owed: `principal * tenor_days * interest_rate / 1_000_000`, rounded down.
pub fn interest(params: &LendingParams) -> Result<Balance, InstrumentError> {
    params
        .principal
        .checked_mul(Balance::from(params.tenor_days))
        .and_then(|x| x.checked_mul(Balance::from(params.interest_rate)))
        .map(|x| x / RATE_DENOMINATOR)
        .ok_or(InstrumentError::Overflow)
}

/// Collateral asked: `principal * ratio / 10000` converted at `rate` (`numerator / denominator`
/// collateral per lending unit), rounded up so the lender is never under-collateralised.
pub fn collateral(
    params: &LendingParams,
    rate: (Balance, Balance),
) -> Result<Balance, InstrumentError> {
    let (numerator, denominator) = rate;
    let divisor = RATIO_DENOMINATOR
        .checked_mul(denominator)
        .filter(|d| *d > 0)
        .ok_or(InstrumentError::OracleFailed)?;
    let dividend = params
        .principal
        .checked_mul(Balance::from(params.collateral_ratio))
        .and_then(|x| x.checked_mul(numerator))
        .ok_or(InstrumentError::Overflow)?;
    Ok(dividend.div_ceil(divisor))
}

fn within(value: u32, (low, high): (u32, u32)) -> bool {
    (low..=high).contains(&value)
}

fn days(count: u32) -> Timestamp {
    Timestamp::from(count).saturating_mul(DAY_MS)
}

fn later(now: Timestamp, count: u32) -> Result<Timestamp, InstrumentError> {
    now.checked_add(days(count))
        .ok_or(InstrumentError::Overflow)
}

/// An outcome that keeps the issuance where it is.
fn unchanged(context: &IssuanceContext) -> Outcome {
    Outcome::new(context.issuance.state, context.issuance.completion_ratio)
}

fn issuance_due_key() -> ScheduleKey {
    ScheduleKey {
        engagement_id: None,
        name: ISSUANCE_DUE,
    }
}

/// Decodes and checks a maker's offer.
pub fn decode_params(
    params: &[u8],
    terms: &LendingTerms,
) -> Result<LendingParams, InstrumentError> {
    let params = LendingParams::decode_all(&mut &params[..])
        .map_err(|_| InstrumentError::InvalidParameters)?;
    let valid = params.principal > 0
        && params.lending_asset != params.collateral_asset
        && within(params.collateral_ratio, COLLATERAL_RATIO_RANGE)
        && within(params.interest_rate, INTEREST_RATE_RANGE)
        && within(params.tenor_days, TENOR_DAYS_RANGE)
        && within(
            params.issuance_duration_days,
            (
                terms.min_issuance_duration_days,
                terms.max_issuance_duration_days,
            ),
        );
    if valid {
        Ok(params)
    } else {
        Err(InstrumentError::InvalidParameters)
    }
}

/// Create: the principal moves from the maker into the issuance escrow; `Engageable` until due.
/// The instrument's current `terms` and `oracle` become the loan's.
pub fn create(
    context: &IssuanceContext,
    params: &[u8],
    terms: LendingTerms,
    oracle: AccountId,
) -> Result<(Loan, Outcome), InstrumentError> {
    let params = decode_params(params, &terms)?;
    // The fee and the principal come out of the same account: check the maths first.
    interest(&params)?;
    let maker = context.issuance.maker;
    let issuance_due = later(context.now, params.issuance_duration_days)?;
    let mut outcome = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
    outcome.transfers = vec![Transfer::new(
        TransferKind::Inbound,
        maker,
        maker,
        params.lending_asset,
        params.principal,
    )];
    outcome.schedule = vec![ScheduledEvent {
        key: issuance_due_key(),
        due: issuance_due,
        payload: Vec::new(),
    }];
    Ok((
        Loan {
            params,
            maker,
            issuance_due,
            engagement: None,
            terms,
            oracle,
        },
        outcome,
    ))
}

/// Engage: the taker posts collateral (at `rate` collateral per lending unit) and receives the
/// principal; the issuance completes (10000) and the loan runs for its tenor.
pub fn engage(
    context: &IssuanceContext,
    loan: &mut Loan,
    rate: (Balance, Balance),
) -> Result<Outcome, InstrumentError> {
    let (engagement_id, engagement) = context.engagement.ok_or(InstrumentError::InvalidState)?;
    if context.issuance.state != IssuanceState::Engageable || loan.engagement.is_some() {
        return Err(InstrumentError::InvalidState);
    }
    if context.now >= loan.issuance_due {
        return Err(InstrumentError::TooLate);
    }
    let taker = engagement.taker;
    if taker == loan.maker {
        return Err(InstrumentError::NotAllowed);
    }
    let params = loan.params;
    let collateral = collateral(&params, rate)?;
    let interest = interest(&params)?;
    let due = later(context.now, params.tenor_days)?;

    let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::FULL);
    outcome.engagements = vec![EngagementUpdate {
        engagement_id,
        state: EngagementState::Active,
    }];
    outcome.transfers = vec![
        Transfer::new(
            TransferKind::Inbound,
            taker,
            taker,
            params.collateral_asset,
            collateral,
        ),
        Transfer::new(
            TransferKind::Outbound,
            loan.maker,
            taker,
            params.lending_asset,
            params.principal,
        ),
    ];
    outcome.unschedule = vec![issuance_due_key()];
    outcome.schedule = vec![ScheduledEvent {
        key: ScheduleKey {
            engagement_id: Some(engagement_id),
            name: ENGAGEMENT_DUE,
        },
        due,
        payload: Vec::new(),
    }];
    loan.engagement = Some(LoanEngagement {
        engagement_id,
        taker,
        collateral,
        interest,
        due,
    });
    Ok(outcome)
}

/// A due scheduled event: `issuance_due` returns an unengaged principal; `engagement_due`
/// gives an unpaid loan's collateral to the maker.
pub fn process_scheduled_event(
    context: &IssuanceContext,
    loan: &Loan,
    name: Name,
) -> Result<Outcome, InstrumentError> {
    let mut outcome = unchanged(context);
    if name == ISSUANCE_DUE {
        if context.issuance.state != IssuanceState::Engageable {
            return Err(InstrumentError::InvalidState);
        }
        outcome.issuance_state = IssuanceState::Complete;
        outcome.transfers = vec![principal_back(loan)];
    } else if name == ENGAGEMENT_DUE {
        let (engagement_id, taker_side) = active_engagement(context, loan)?;
        outcome.engagements = vec![EngagementUpdate {
            engagement_id,
            state: EngagementState::Complete,
        }];
        outcome.transfers = vec![Transfer::new(
            TransferKind::Outbound,
            taker_side.taker,
            loan.maker,
            loan.params.collateral_asset,
            taker_side.collateral,
        )];
    } else {
        return Err(InstrumentError::UnknownEvent);
    }
    Ok(outcome)
}

/// A custom event: `cancel` (maker) or `repay` (taker).
pub fn process_custom_event(
    context: &IssuanceContext,
    loan: &Loan,
    name: Name,
    payload: &[u8],
) -> Result<Outcome, InstrumentError> {
    let mut outcome = unchanged(context);
    if name == CANCEL {
        if context.caller != loan.maker {
            return Err(InstrumentError::NotAllowed);
        }
        if context.issuance.state.is_final() || context.issuance.engagement_count > 0 {
            return Err(InstrumentError::InvalidState);
        }
        outcome.issuance_state = IssuanceState::Cancelled;
        outcome.transfers = vec![principal_back(loan)];
        outcome.unschedule = vec![issuance_due_key()];
    } else if name == REPAY {
        let (engagement_id, taker_side) = active_engagement(context, loan)?;
        if context.caller != taker_side.taker {
            return Err(InstrumentError::NotAllowed);
        }
        if context.now >= taker_side.due {
            return Err(InstrumentError::TooLate);
        }
        let amount = Balance::decode_all(&mut &payload[..])
            .map_err(|_| InstrumentError::InvalidParameters)?;
        if Some(amount) != loan.repay_amount() {
            return Err(InstrumentError::WrongAmount);
        }
        let params = loan.params;
        outcome.engagements = vec![EngagementUpdate {
            engagement_id,
            state: EngagementState::Complete,
        }];
        outcome.transfers = vec![
            Transfer::new(
                TransferKind::IntraInstrument,
                taker_side.taker,
                loan.maker,
                params.lending_asset,
                amount,
            ),
            Transfer::new(
                TransferKind::Outbound,
                taker_side.taker,
                taker_side.taker,
                params.collateral_asset,
                taker_side.collateral,
            ),
        ];
        outcome.unschedule = vec![ScheduleKey {
            engagement_id: Some(engagement_id),
            name: ENGAGEMENT_DUE,
        }];
    } else {
        return Err(InstrumentError::UnknownEvent);
    }
    Ok(outcome)
}

/// Renew (maker, `Engageable`, no engagement, strictly before `issuance_due`): `issuance_due`
/// moves later by `params` (`u32` days, 1 up to the terms' maximum duration), and the offer may
/// stay engageable at most the terms' total cap from its creation (`InvalidParameters` beyond).
pub fn renew(
    context: &IssuanceContext,
    loan: &mut Loan,
    params: &[u8],
) -> Result<Outcome, InstrumentError> {
    if context.caller != loan.maker {
        return Err(InstrumentError::NotAllowed);
    }
    if context.issuance.state != IssuanceState::Engageable || context.issuance.engagement_count > 0
    {
        return Err(InstrumentError::InvalidState);
    }
    // Once due, the offer is over even before the keeper fires `issuance_due`.
    if context.now >= loan.issuance_due {
        return Err(InstrumentError::TooLate);
    }
    let terms = loan.terms;
    let extension =
        u32::decode_all(&mut &params[..]).map_err(|_| InstrumentError::InvalidParameters)?;
    let due = later(loan.issuance_due, extension)?;
    let cap = later(
        context.issuance.created_at,
        terms.max_total_issuance_duration_days,
    )?;
    if !within(extension, (1, terms.max_issuance_duration_days)) || due > cap {
        return Err(InstrumentError::InvalidParameters);
    }
    loan.issuance_due = due;
    let mut outcome = unchanged(context);
    outcome.schedule = vec![ScheduledEvent {
        key: issuance_due_key(),
        due: loan.issuance_due,
        payload: Vec::new(),
    }];
    Ok(outcome)
}

/// A loan kept as bytes (v1 blob, v2 storage value); `InvalidState` if it is not one.
pub fn decode_loan(bytes: &[u8]) -> Result<Loan, InstrumentError> {
    Loan::decode_all(&mut &bytes[..]).map_err(|_| InstrumentError::InvalidState)
}

/// Collateral per lending unit, from the loan's price oracle (a cross-contract call: only in a
/// contract). `OracleFailed` if the oracle cannot be called or has no rate.
pub fn oracle_rate(loan: &Loan) -> Result<(Balance, Balance), InstrumentError> {
    let oracle: contract_ref!(PriceOracle, DefaultEnvironment) = loan.oracle.into();
    let (base, quote) = (loan.params.lending_asset, loan.params.collateral_asset);
    answered(oracle.call().rate(base, quote).try_invoke())
        .ok_or(InstrumentError::OracleFailed)?
        .map_err(|_| InstrumentError::OracleFailed)
}

/// Reads datum `name`: `loan`, `issuance_due`, `repay_amount` (SCALE-encoded).
pub fn custom_data(loan: &Loan, name: Name) -> Result<Vec<u8>, InstrumentError> {
    if name == DATA_LOAN {
        Ok(loan.encode())
    } else if name == DATA_ISSUANCE_DUE {
        Ok(loan.issuance_due.encode())
    } else if name == DATA_REPAY_AMOUNT {
        loan.repay_amount()
            .map(|amount| amount.encode())
            .ok_or(InstrumentError::InvalidState)
    } else {
        Err(InstrumentError::UnknownEvent)
    }
}

fn principal_back(loan: &Loan) -> Transfer {
    Transfer::new(
        TransferKind::Outbound,
        loan.maker,
        loan.maker,
        loan.params.lending_asset,
        loan.params.principal,
    )
}

/// The engagement the call is about, if it is this loan's and still `Active`.
fn active_engagement(
    context: &IssuanceContext,
    loan: &Loan,
) -> Result<(EngagementId, LoanEngagement), InstrumentError> {
    let (engagement_id, record) = context.engagement.ok_or(InstrumentError::InvalidState)?;
    let taker_side = loan
        .engagement
        .filter(|e| e.engagement_id == engagement_id)
        .ok_or(InstrumentError::InvalidState)?;
    if record.state != EngagementState::Active {
        return Err(InstrumentError::InvalidState);
    }
    Ok((engagement_id, taker_side))
}

#[cfg(test)]
mod tests {
    use super::*;
    use traits::{EngagementRecord, IssuanceRecord};

    const NOW: Timestamp = 1_000 * DAY_MS;
    const USD: Asset = Asset::Token(AccountId([1; 32]));

    fn account(byte: u8) -> AccountId {
        AccountId::from([byte; 32])
    }

    fn params() -> LendingParams {
        LendingParams {
            lending_asset: USD,
            principal: 10_000,
            collateral_asset: Asset::Native,
            collateral_ratio: 15_000,
            tenor_days: 30,
            interest_rate: 1_000,
            issuance_duration_days: 7,
        }
    }

    fn context(caller: AccountId, state: IssuanceState, engagements: u64) -> IssuanceContext {
        IssuanceContext {
            instrument_id: 1,
            issuance_id: 1,
            manager: account(100),
            caller,
            now: NOW,
            issuance: IssuanceRecord {
                maker: account(1),
                state,
                completion_ratio: CompletionRatio::ZERO,
                created_at: NOW,
                escrow: account(101),
                engagement_count: engagements,
                data_contract: None,
            },
            engagement: None,
        }
    }

    const ORACLE: AccountId = AccountId([9; 32]);

    fn created() -> Loan {
        let (loan, _) = create(
            &context(account(1), IssuanceState::Initiated, 0),
            &params().encode(),
            LendingTerms::default(),
            ORACLE,
        )
        .unwrap();
        loan
    }

    fn engaged() -> (Loan, IssuanceContext) {
        let mut loan = created();
        let mut ctx = context(account(2), IssuanceState::Engageable, 1);
        ctx.engagement = Some((
            1,
            EngagementRecord {
                taker: account(2),
                state: EngagementState::Initiated,
                created_at: NOW,
            },
        ));
        engage(&ctx, &mut loan, (2, 1)).unwrap();
        ctx.issuance.state = IssuanceState::Complete;
        ctx.engagement = Some((
            1,
            EngagementRecord {
                taker: account(2),
                state: EngagementState::Active,
                created_at: NOW,
            },
        ));
        (loan, ctx)
    }

    #[test]
    fn interest_and_collateral_follow_the_original_numbers() {
        // 10000 * 30 days * 0.1% per day = 300
        assert_eq!(interest(&params()), Ok(300));
        // 150% of 10000 USD at 2 native per USD = 30000
        assert_eq!(collateral(&params(), (2, 1)), Ok(30_000));
        // rounding goes to the lender: 150% of 10000 at 1/3 = 5000 exactly; at 1/7 = 2142.86 -> 2143
        assert_eq!(collateral(&params(), (1, 3)), Ok(5_000));
        assert_eq!(collateral(&params(), (1, 7)), Ok(2_143));
        let huge = LendingParams {
            principal: Balance::MAX,
            ..params()
        };
        assert_eq!(interest(&huge), Err(InstrumentError::Overflow));
        assert_eq!(collateral(&huge, (1, 1)), Err(InstrumentError::Overflow));
    }

    #[test]
    fn every_parameter_is_bounded() {
        let terms = LendingTerms::default();
        let ok = |p: LendingParams| decode_params(&p.encode(), &terms);
        assert!(ok(params()).is_ok());
        for bad in [
            LendingParams {
                principal: 0,
                ..params()
            },
            LendingParams {
                collateral_asset: USD,
                ..params()
            },
            LendingParams {
                collateral_ratio: 4_999,
                ..params()
            },
            LendingParams {
                collateral_ratio: 20_001,
                ..params()
            },
            LendingParams {
                interest_rate: 9,
                ..params()
            },
            LendingParams {
                interest_rate: 50_001,
                ..params()
            },
            LendingParams {
                tenor_days: 1,
                ..params()
            },
            LendingParams {
                tenor_days: 91,
                ..params()
            },
            LendingParams {
                issuance_duration_days: 0,
                ..params()
            },
            LendingParams {
                issuance_duration_days: 15,
                ..params()
            },
        ] {
            assert_eq!(ok(bad), Err(InstrumentError::InvalidParameters), "{bad:?}");
        }
        assert_eq!(
            decode_params(&[1, 2, 3], &terms),
            Err(InstrumentError::InvalidParameters)
        );
        let mut trailing = params().encode();
        trailing.push(0);
        assert_eq!(
            decode_params(&trailing, &terms),
            Err(InstrumentError::InvalidParameters)
        );
    }

    #[test]
    fn create_locks_the_principal_and_schedules_the_issuance_due() {
        let (loan, outcome) = create(
            &context(account(1), IssuanceState::Initiated, 0),
            &params().encode(),
            LendingTerms::default(),
            ORACLE,
        )
        .unwrap();
        assert_eq!(loan.issuance_due, NOW + 7 * DAY_MS);
        assert_eq!(outcome.issuance_state, IssuanceState::Engageable);
        assert_eq!(
            outcome.transfers,
            vec![Transfer::new(
                TransferKind::Inbound,
                account(1),
                account(1),
                USD,
                10_000
            )]
        );
        assert_eq!(outcome.schedule[0].key, issuance_due_key());
        assert_eq!(outcome.schedule[0].due, NOW + 7 * DAY_MS);
    }

    #[test]
    fn engage_swaps_collateral_for_principal_and_completes_the_issuance() {
        let mut loan = created();
        let mut ctx = context(account(2), IssuanceState::Engageable, 1);
        ctx.engagement = Some((
            1,
            EngagementRecord {
                taker: account(2),
                state: EngagementState::Initiated,
                created_at: NOW,
            },
        ));
        let outcome = engage(&ctx, &mut loan, (2, 1)).unwrap();
        assert_eq!(
            (outcome.issuance_state, outcome.completion_ratio),
            (IssuanceState::Complete, CompletionRatio::FULL)
        );
        assert_eq!(
            outcome.engagements,
            vec![EngagementUpdate {
                engagement_id: 1,
                state: EngagementState::Active
            }]
        );
        assert_eq!(
            outcome.transfers,
            vec![
                Transfer::new(
                    TransferKind::Inbound,
                    account(2),
                    account(2),
                    Asset::Native,
                    30_000
                ),
                Transfer::new(TransferKind::Outbound, account(1), account(2), USD, 10_000),
            ]
        );
        assert_eq!(outcome.unschedule, vec![issuance_due_key()]);
        assert_eq!(outcome.schedule[0].due, NOW + 30 * DAY_MS);
        assert_eq!(loan.repay_amount(), Some(10_300));
    }

    #[test]
    fn engaging_late_or_ones_own_offer_fails() {
        let mut loan = created();
        let mut ctx = context(account(1), IssuanceState::Engageable, 1);
        ctx.engagement = Some((
            1,
            EngagementRecord {
                taker: account(1),
                state: EngagementState::Initiated,
                created_at: NOW,
            },
        ));
        assert_eq!(
            engage(&ctx, &mut loan, (1, 1)),
            Err(InstrumentError::NotAllowed)
        );
        ctx.engagement = Some((
            1,
            EngagementRecord {
                taker: account(2),
                state: EngagementState::Initiated,
                created_at: NOW,
            },
        ));
        ctx.now = loan.issuance_due;
        assert_eq!(
            engage(&ctx, &mut loan, (1, 1)),
            Err(InstrumentError::TooLate)
        );
        assert_eq!(loan.engagement, None);
    }

    #[test]
    fn repay_needs_the_taker_the_full_amount_and_time_left() {
        let (loan, mut ctx) = engaged();
        let full = 10_300u128.encode();
        assert_eq!(
            process_custom_event(&ctx, &loan, REPAY, &10_299u128.encode()),
            Err(InstrumentError::WrongAmount)
        );
        ctx.caller = account(3);
        assert_eq!(
            process_custom_event(&ctx, &loan, REPAY, &full),
            Err(InstrumentError::NotAllowed)
        );
        ctx.caller = account(2);
        ctx.now = NOW + 30 * DAY_MS;
        assert_eq!(
            process_custom_event(&ctx, &loan, REPAY, &full),
            Err(InstrumentError::TooLate)
        );
        ctx.now = NOW + 30 * DAY_MS - 1;
        let outcome = process_custom_event(&ctx, &loan, REPAY, &full).unwrap();
        assert_eq!(
            outcome.engagements,
            vec![EngagementUpdate {
                engagement_id: 1,
                state: EngagementState::Complete
            }]
        );
        assert_eq!(
            outcome.transfers,
            vec![
                Transfer::new(
                    TransferKind::IntraInstrument,
                    account(2),
                    account(1),
                    USD,
                    10_300
                ),
                Transfer::new(
                    TransferKind::Outbound,
                    account(2),
                    account(2),
                    Asset::Native,
                    30_000
                ),
            ]
        );
    }

    #[test]
    fn engagement_due_gives_the_collateral_to_the_maker() {
        let (loan, ctx) = engaged();
        let outcome = process_scheduled_event(&ctx, &loan, ENGAGEMENT_DUE).unwrap();
        assert_eq!(
            outcome.transfers,
            vec![Transfer::new(
                TransferKind::Outbound,
                account(2),
                account(1),
                Asset::Native,
                30_000
            )]
        );
        assert_eq!(outcome.engagements[0].state, EngagementState::Complete);
        assert_eq!(outcome.issuance_state, IssuanceState::Complete);
    }

    #[test]
    fn issuance_due_returns_an_unengaged_principal() {
        let loan = created();
        let ctx = context(account(9), IssuanceState::Engageable, 0);
        let outcome = process_scheduled_event(&ctx, &loan, ISSUANCE_DUE).unwrap();
        assert_eq!(
            (outcome.issuance_state, outcome.completion_ratio),
            (IssuanceState::Complete, CompletionRatio::ZERO)
        );
        assert_eq!(outcome.transfers, vec![principal_back(&loan)]);
        assert_eq!(
            process_scheduled_event(&ctx, &loan, REPAY),
            Err(InstrumentError::UnknownEvent)
        );
    }

    #[test]
    fn only_the_maker_cancels_and_only_before_an_engagement() {
        let loan = created();
        let ctx = context(account(2), IssuanceState::Engageable, 0);
        assert_eq!(
            process_custom_event(&ctx, &loan, CANCEL, &[]),
            Err(InstrumentError::NotAllowed)
        );
        let ctx = context(account(1), IssuanceState::Engageable, 1);
        assert_eq!(
            process_custom_event(&ctx, &loan, CANCEL, &[]),
            Err(InstrumentError::InvalidState)
        );
        let ctx = context(account(1), IssuanceState::Complete, 0);
        assert_eq!(
            process_custom_event(&ctx, &loan, CANCEL, &[]),
            Err(InstrumentError::InvalidState)
        );
        let ctx = context(account(1), IssuanceState::Engageable, 0);
        let outcome = process_custom_event(&ctx, &loan, CANCEL, &[]).unwrap();
        assert_eq!(outcome.issuance_state, IssuanceState::Cancelled);
        assert_eq!(outcome.transfers, vec![principal_back(&loan)]);
    }

    #[test]
    fn renew_moves_the_due_time_within_the_terms() {
        let mut loan = created();
        assert_eq!((loan.terms, loan.oracle), (LendingTerms::default(), ORACLE));
        let ctx = context(account(1), IssuanceState::Engageable, 0);
        assert_eq!(
            renew(&ctx, &mut loan, &15u32.encode()),
            Err(InstrumentError::InvalidParameters)
        );
        assert_eq!(
            renew(&ctx, &mut loan, &0u32.encode()),
            Err(InstrumentError::InvalidParameters)
        );
        let stranger = context(account(2), IssuanceState::Engageable, 0);
        assert_eq!(
            renew(&stranger, &mut loan, &3u32.encode()),
            Err(InstrumentError::NotAllowed)
        );
        let outcome = renew(&ctx, &mut loan, &3u32.encode()).unwrap();
        assert_eq!(loan.issuance_due, NOW + 10 * DAY_MS);
        assert_eq!(outcome.schedule[0].due, NOW + 10 * DAY_MS);
    }

    #[test]
    fn renewals_stop_at_the_due_time_and_at_the_total_cap() {
        let mut loan = created();
        let mut ctx = context(account(1), IssuanceState::Engageable, 0);
        // created for 7 days; 14 more reach day 21, 7 more day 28 (the cap), then no more
        renew(&ctx, &mut loan, &14u32.encode()).unwrap();
        renew(&ctx, &mut loan, &7u32.encode()).unwrap();
        assert_eq!(loan.issuance_due, NOW + 28 * DAY_MS);
        let before = loan;
        assert_eq!(
            renew(&ctx, &mut loan, &1u32.encode()),
            Err(InstrumentError::InvalidParameters)
        );
        assert_eq!(loan, before, "a refused renewal changes nothing");
        ctx.now = loan.issuance_due;
        assert_eq!(
            renew(&ctx, &mut loan, &1u32.encode()),
            Err(InstrumentError::TooLate),
            "at the due time the offer is over"
        );
    }

    #[test]
    fn terms_are_consistent() {
        assert_eq!(
            LendingTerms::default().validated(),
            Ok(LendingTerms::default())
        );
        let terms = LendingTerms {
            max_total_issuance_duration_days: 13,
            ..LendingTerms::default()
        };
        assert_eq!(
            terms.validated(),
            Err(InstrumentError::InvalidParameters),
            "the total cap is below one duration"
        );
    }

    #[test]
    fn custom_data_reads_the_loan() {
        let (loan, _) = engaged();
        assert_eq!(
            custom_data(&loan, DATA_REPAY_AMOUNT),
            Ok(10_300u128.encode())
        );
        assert_eq!(custom_data(&loan, DATA_LOAN), Ok(loan.encode()));
        assert_eq!(
            custom_data(&created(), DATA_REPAY_AMOUNT),
            Err(InstrumentError::InvalidState)
        );
        assert_eq!(
            custom_data(&loan, Name::new("nope")),
            Err(InstrumentError::UnknownEvent)
        );
    }
}
