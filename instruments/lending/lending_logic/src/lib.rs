//! The rules of loans (docs/SPEC.md §8), lending and borrowing alike, as plain functions from the
//! issuance context and the loan's data to an [`Outcome`]. The lending contracts (v1, v2, v3) and
//! the borrowing contract differ only in where they keep the [`Loan`] and in its [`LoanKind`];
//! they all call these functions.
//!
//! One side lends `principal` of the lending asset for `tenor_days` at `interest_rate` per day;
//! the other, the borrower, posts collateral worth `collateral_ratio` of the principal (priced by
//! the loan's oracle, rounded up) and repays principal + interest. In **lending** the maker lends
//! and the taker borrows; in **borrowing** the maker borrows and the taker lends:
//! - create: the maker's principal (lending) or collateral (borrowing) moves into the issuance
//!   escrow; the issuance is `Engageable` until `issuance_due`;
//! - engage: the borrower's collateral is in the issuance escrow and the principal reaches the
//!   borrower; the engagement is `Active` until `engagement_due`, the issuance `Complete`
//!   (10000);
//! - `repay` (the borrower, before `engagement_due`, exactly principal + interest): the repayment
//!   goes to the lender, the collateral back to the borrower;
//! - `engagement_due` while unpaid: the collateral goes to the lender (default);
//! - `issuance_due` while `Engageable`, and `cancel` (maker, no engagement): what the maker
//!   locked goes back (`offer_logic`'s rules);
//! - renew: `offer_logic`'s rule (maker, no engagement, before `issuance_due`, within the
//!   terms and their total cap).
//!
//! The terms and the price oracle in force when an issuance is created stay its own: the FSP's
//! later changes apply to later issuances, on every interface version.
//!
//! Amounts are exact: interest and collateral are computed with 256-bit intermediates
//! (`traits::math`), so 18-decimal tokens and 18-decimal oracle rates work; an offer is refused
//! with `Overflow` only when an amount itself (the interest, principal + interest, the
//! collateral) would exceed `Balance::MAX`.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::{
    codegen::TraitCallBuilder,
    contract_ref,
    env::DefaultEnvironment,
    prelude::{vec, vec::Vec},
    scale::Encode,
};
use offer_logic::{days_after, decode_exact, ensure_open, refund, unchanged, within};
use traits::{
    calls::answered,
    math::{mul_div, mul_div_scaled_ceil},
    AccountId, Asset, Balance, CompletionRatio, EngagementId, EngagementState, EngagementUpdate,
    InstrumentError, IssuanceContext, IssuanceState, Name, Outcome, PriceOracle, ScheduleKey,
    ScheduledEvent, Timestamp, Transfer, TransferKind,
};

pub use offer_logic::{OfferTerms as LendingTerms, CANCEL, DATA_ISSUANCE_DUE, ISSUANCE_DUE};

/// Scheduled: the loan's tenor is over.
pub const ENGAGEMENT_DUE: Name = Name::new("engagement_due");
/// Custom (the borrower): repay principal + interest; payload: the amount (`Balance`).
pub const REPAY: Name = Name::new("repay");
/// Custom datum: the whole [`Loan`].
pub const DATA_LOAN: Name = Name::new("loan");
/// Custom datum: what the borrower must repay (`Balance`); only once engaged.
pub const DATA_REPAY_AMOUNT: Name = Name::new("repay_amount");

/// Collateral ratio bounds, basis points (10000 = 100%).
pub const COLLATERAL_RATIO_RANGE: (u32, u32) = (5_000, 20_000);
/// Interest rate bounds, per day in millionths (1_000_000 = 100%).
pub const INTEREST_RATE_RANGE: (u32, u32) = (10, 50_000);
/// Tenor bounds, days.
pub const TENOR_DAYS_RANGE: (u32, u32) = (2, 90);
/// Denominator of the collateral ratio.
pub const RATIO_DENOMINATOR: u32 = 10_000;
/// Denominator of the interest rate.
pub const RATE_DENOMINATOR: Balance = 1_000_000;

/// A price: `numerator / denominator` collateral units per lending unit.
pub type Rate = (Balance, Balance);

/// Which side the maker takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum LoanKind {
    /// The maker lends the principal; the taker posts collateral and borrows.
    Lending,
    /// The maker posts collateral and borrows; the taker lends the principal.
    Borrowing,
}

/// What a maker offers (the `params` of `create_issuance`, SCALE-encoded), for both kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LendingParams {
    /// The asset lent.
    pub lending_asset: Asset,
    /// How much is lent.
    pub principal: Balance,
    /// The asset the borrower posts as collateral (not the lending asset).
    pub collateral_asset: Asset,
    /// Collateral value as a share of the principal, basis points.
    pub collateral_ratio: u32,
    /// The maker's own guard on the oracle's price, in the collateral asset's smallest units
    /// (0: none). Lending (the collateral is priced at engage): the least collateral the lender
    /// accepts, so a stale or moved oracle cannot leave it under-collateralised. Borrowing (the
    /// maker's collateral is priced at create): the most the borrower locks. Beyond it the call
    /// is refused with `PriceOutOfBounds` and nothing moves.
    pub collateral_bound: Balance,
    /// Loan duration, days.
    pub tenor_days: u32,
    /// Interest per day, millionths of the principal.
    pub interest_rate: u32,
    /// How long the offer can be engaged, days (within the instrument's terms).
    pub issuance_duration_days: u32,
}

/// The taker's side of a loan, fixed at engagement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LoanEngagement {
    /// The engagement's id.
    pub engagement_id: EngagementId,
    /// The taker (the borrower in lending, the lender in borrowing).
    pub taker: AccountId,
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
    /// Which side the maker takes.
    pub kind: LoanKind,
    /// The maker's offer.
    pub params: LendingParams,
    /// The maker.
    pub maker: AccountId,
    /// When the offer expires.
    pub issuance_due: Timestamp,
    /// Collateral in the issuance escrow, on the borrower's account: posted at create in
    /// borrowing, at engagement in lending (0 until then).
    pub collateral: Balance,
    /// The taker's side, once engaged.
    pub engagement: Option<LoanEngagement>,
    /// The instrument's terms when the offer was made (they govern its renewals).
    pub terms: LendingTerms,
    /// The price oracle when the offer was made (it prices the collateral).
    pub oracle: AccountId,
}

impl Loan {
    /// Principal plus interest, once engaged.
    pub fn repay_amount(&self) -> Option<Balance> {
        let engagement = self.engagement?;
        self.params.principal.checked_add(engagement.interest)
    }

    /// The borrower and the lender, once engaged.
    pub fn parties(&self) -> Option<(AccountId, AccountId)> {
        let taker = self.engagement?.taker;
        Some(match self.kind {
            LoanKind::Lending => (taker, self.maker),
            LoanKind::Borrowing => (self.maker, taker),
        })
    }

    /// What the maker locked at create: the principal (lending) or the collateral (borrowing).
    fn locked(&self) -> (Asset, Balance) {
        match self.kind {
            LoanKind::Lending => (self.params.lending_asset, self.params.principal),
            LoanKind::Borrowing => (self.params.collateral_asset, self.collateral),
        }
    }

    /// What the maker locked, back to the maker.
    fn refund(&self) -> Transfer {
        let (asset, amount) = self.locked();
        refund(self.maker, asset, amount)
    }
}

/// Interest owed: `principal * tenor_days * interest_rate / 1_000_000`, rounded down, computed
/// exactly (`traits::math`): `Overflow` only if the interest itself exceeds `Balance::MAX`.
pub fn interest(params: &LendingParams) -> Result<Balance, InstrumentError> {
    // a u32 times a u32 always fits a u128
    let per_principal = Balance::from(params.tenor_days)
        .checked_mul(Balance::from(params.interest_rate))
        .ok_or(InstrumentError::Overflow)?;
    mul_div(params.principal, per_principal, RATE_DENOMINATOR).ok_or(InstrumentError::Overflow)
}

/// What the borrower repays: principal + [`interest`]; `Overflow` if it exceeds `Balance::MAX`
/// (such a loan could never be repaid, so it is refused at create and engage).
pub fn repayment(params: &LendingParams) -> Result<Balance, InstrumentError> {
    params
        .principal
        .checked_add(interest(params)?)
        .ok_or(InstrumentError::Overflow)
}

/// Collateral asked: `principal * ratio / 10000` converted at `rate` (`numerator / denominator`
/// collateral units per lending unit), that is `principal * numerator * ratio / (denominator *
/// 10000)`, rounded up so the lender is never under-collateralised, computed exactly
/// (`traits::math`). Errors: `OracleFailed` for a zero denominator, `Overflow` only if the
/// collateral itself exceeds `Balance::MAX`.
pub fn collateral(params: &LendingParams, rate: Rate) -> Result<Balance, InstrumentError> {
    let (numerator, denominator) = rate;
    if denominator == 0 {
        return Err(InstrumentError::OracleFailed);
    }
    let ratio = (params.collateral_ratio, RATIO_DENOMINATOR);
    mul_div_scaled_ceil(params.principal, numerator, denominator, ratio)
        .ok_or(InstrumentError::Overflow)
}

/// [`collateral`] at `rate`, refused with `PriceOutOfBounds` when it falls outside the maker's
/// `collateral_bound`: below it in lending, above it in borrowing (0: no bound).
pub fn bounded_collateral(
    kind: LoanKind,
    params: &LendingParams,
    rate: Rate,
) -> Result<Balance, InstrumentError> {
    let amount = collateral(params, rate)?;
    let bound = params.collateral_bound;
    let within = match kind {
        LoanKind::Lending => amount >= bound,
        LoanKind::Borrowing => bound == 0 || amount <= bound,
    };
    if within {
        Ok(amount)
    } else {
        Err(InstrumentError::PriceOutOfBounds)
    }
}

/// Decodes and checks a maker's offer.
pub fn decode_params(
    params: &[u8],
    terms: &LendingTerms,
) -> Result<LendingParams, InstrumentError> {
    let params: LendingParams = decode_exact(params, InstrumentError::InvalidParameters)?;
    let valid = params.principal > 0
        && params.lending_asset != params.collateral_asset
        && within(params.collateral_ratio, COLLATERAL_RATIO_RANGE)
        && within(params.interest_rate, INTEREST_RATE_RANGE)
        && within(params.tenor_days, TENOR_DAYS_RANGE)
        && terms.allows_duration(params.issuance_duration_days);
    if valid {
        Ok(params)
    } else {
        Err(InstrumentError::InvalidParameters)
    }
}

/// Create: what the maker locks (the principal, or in borrowing the collateral priced now with
/// `price`) moves into the issuance escrow; `Engageable` until due. The instrument's current
/// `terms` and `oracle` become the loan's.
pub fn create(
    context: &IssuanceContext,
    kind: LoanKind,
    params: &[u8],
    terms: LendingTerms,
    oracle: AccountId,
    price: impl FnOnce(&Loan) -> Result<Rate, InstrumentError>,
) -> Result<(Loan, Outcome), InstrumentError> {
    let params = decode_params(params, &terms)?;
    // The fee and what is locked may come out of the same account: check the maths first.
    repayment(&params)?;
    let issuance_due = days_after(context.now, params.issuance_duration_days)?;
    let mut loan = Loan {
        kind,
        params,
        maker: context.issuance.maker,
        issuance_due,
        collateral: 0,
        engagement: None,
        terms,
        oracle,
    };
    if kind == LoanKind::Borrowing {
        loan.collateral = bounded_collateral(kind, &params, price(&loan)?)?;
    }
    let outcome = offer_logic::open(loan.maker, loan.locked(), issuance_due);
    Ok((loan, outcome))
}

/// Engage: in lending the taker posts collateral (priced now with `price`) and the principal
/// leaves the issuance escrow for the taker; in borrowing the taker pays the principal straight
/// to the maker. The issuance completes (10000) and the loan runs for its tenor.
pub fn engage(
    context: &IssuanceContext,
    loan: &mut Loan,
    price: impl FnOnce(&Loan) -> Result<Rate, InstrumentError>,
) -> Result<Outcome, InstrumentError> {
    let (engagement_id, engagement) = context.engagement.ok_or(InstrumentError::InvalidState)?;
    if loan.engagement.is_some() {
        return Err(InstrumentError::InvalidState);
    }
    ensure_open(context, loan.issuance_due)?;
    let taker = engagement.taker;
    if taker == loan.maker {
        return Err(InstrumentError::NotAllowed);
    }
    let params = loan.params;
    let interest = interest(&params)?;
    repayment(&params)?;
    let due = days_after(context.now, params.tenor_days)?;
    let (asset, principal) = (params.lending_asset, params.principal);
    let transfers = match loan.kind {
        LoanKind::Lending => {
            loan.collateral = bounded_collateral(loan.kind, &params, price(loan)?)?;
            vec![
                Transfer::new(
                    TransferKind::Inbound,
                    taker,
                    taker,
                    params.collateral_asset,
                    loan.collateral,
                ),
                Transfer::new(TransferKind::Outbound, loan.maker, taker, asset, principal),
            ]
        }
        LoanKind::Borrowing => vec![Transfer::new(
            TransferKind::IntraInstrument,
            taker,
            loan.maker,
            asset,
            principal,
        )],
    };
    let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::FULL);
    outcome.engagements = vec![EngagementUpdate {
        engagement_id,
        state: EngagementState::Active,
    }];
    outcome.transfers = transfers;
    outcome.unschedule = vec![offer_logic::issuance_due_key()];
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
        interest,
        due,
    });
    Ok(outcome)
}

/// A due scheduled event: `issuance_due` returns what an unengaged offer locked;
/// `engagement_due` gives an unpaid loan's collateral to the lender.
pub fn process_scheduled_event(
    context: &IssuanceContext,
    loan: &Loan,
    name: Name,
) -> Result<Outcome, InstrumentError> {
    if name == ISSUANCE_DUE {
        offer_logic::expire(context, vec![loan.refund()])
    } else if name == ENGAGEMENT_DUE {
        let (engagement_id, (borrower, lender)) = active_engagement(context, loan)?;
        let mut outcome = unchanged(context);
        outcome.engagements = vec![EngagementUpdate {
            engagement_id,
            state: EngagementState::Complete,
        }];
        outcome.transfers = vec![Transfer::new(
            TransferKind::Outbound,
            borrower,
            lender,
            loan.params.collateral_asset,
            loan.collateral,
        )];
        Ok(outcome)
    } else {
        Err(InstrumentError::UnknownEvent)
    }
}

/// A custom event: `cancel` (maker) or `repay` (the borrower).
pub fn process_custom_event(
    context: &IssuanceContext,
    loan: &Loan,
    name: Name,
    payload: &[u8],
) -> Result<Outcome, InstrumentError> {
    if name == CANCEL {
        return offer_logic::cancel(context, vec![loan.refund()]);
    }
    if name != REPAY {
        return Err(InstrumentError::UnknownEvent);
    }
    let (engagement_id, (borrower, lender)) = active_engagement(context, loan)?;
    if context.caller != borrower {
        return Err(InstrumentError::NotAllowed);
    }
    if loan.engagement.is_some_and(|e| context.now >= e.due) {
        return Err(InstrumentError::TooLate);
    }
    let amount: Balance = decode_exact(payload, InstrumentError::InvalidParameters)?;
    if Some(amount) != loan.repay_amount() {
        return Err(InstrumentError::WrongAmount);
    }
    let params = loan.params;
    let mut outcome = unchanged(context);
    outcome.engagements = vec![EngagementUpdate {
        engagement_id,
        state: EngagementState::Complete,
    }];
    outcome.transfers = vec![
        Transfer::new(
            TransferKind::IntraInstrument,
            borrower,
            lender,
            params.lending_asset,
            amount,
        ),
        Transfer::new(
            TransferKind::Outbound,
            borrower,
            borrower,
            params.collateral_asset,
            loan.collateral,
        ),
    ];
    outcome.unschedule = vec![ScheduleKey {
        engagement_id: Some(engagement_id),
        name: ENGAGEMENT_DUE,
    }];
    Ok(outcome)
}

/// Renew: `offer_logic::renew` with the loan's own terms; the loan's `issuance_due` moves.
pub fn renew(
    context: &IssuanceContext,
    loan: &mut Loan,
    params: &[u8],
) -> Result<Outcome, InstrumentError> {
    let (due, outcome) = offer_logic::renew(context, loan.issuance_due, &loan.terms, params)?;
    loan.issuance_due = due;
    Ok(outcome)
}

/// A loan kept as bytes (v1 blob, v2 storage value); `InvalidState` if it is not one.
pub fn decode_loan(bytes: &[u8]) -> Result<Loan, InstrumentError> {
    decode_exact(bytes, InstrumentError::InvalidState)
}

/// Collateral per lending unit, from the loan's price oracle (a cross-contract call: only in a
/// contract). `OracleFailed` if the oracle cannot be called or has no rate.
pub fn oracle_rate(loan: &Loan) -> Result<Rate, InstrumentError> {
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

/// The engagement the call is about, if it is this loan's and still `Active`, with the
/// borrower and the lender.
fn active_engagement(
    context: &IssuanceContext,
    loan: &Loan,
) -> Result<(EngagementId, (AccountId, AccountId)), InstrumentError> {
    let (engagement_id, record) = context.engagement.ok_or(InstrumentError::InvalidState)?;
    let parties = loan
        .engagement
        .filter(|e| e.engagement_id == engagement_id)
        .and(loan.parties())
        .ok_or(InstrumentError::InvalidState)?;
    if record.state != EngagementState::Active {
        return Err(InstrumentError::InvalidState);
    }
    Ok((engagement_id, parties))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::Encode;
    use traits::{EngagementRecord, DAY_MS};

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
            collateral_bound: 0,
            tenor_days: 30,
            interest_rate: 1_000,
            issuance_duration_days: 7,
        }
    }

    fn context(caller: AccountId, state: IssuanceState, engagements: u64) -> IssuanceContext {
        offer_logic::testing::context(caller, NOW, state, engagements)
    }

    const ORACLE: AccountId = AccountId([9; 32]);

    fn created() -> Loan {
        let (loan, _) = create(
            &context(account(1), IssuanceState::Initiated, 0),
            LoanKind::Lending,
            &params().encode(),
            LendingTerms::default(),
            ORACLE,
            |_| unreachable!("lending prices at engagement"),
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
                pending_schedules: 0,
            },
        ));
        engage(&ctx, &mut loan, |_| Ok((2, 1))).unwrap();
        ctx.issuance.state = IssuanceState::Complete;
        ctx.engagement = Some((
            1,
            EngagementRecord {
                taker: account(2),
                state: EngagementState::Active,
                created_at: NOW,
                pending_schedules: 0,
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
        // 450% of the largest principal (90 days at 5%), and 150% of it, do not fit
        let huge = LendingParams {
            principal: Balance::MAX,
            tenor_days: 90,
            interest_rate: 50_000,
            ..params()
        };
        assert_eq!(interest(&huge), Err(InstrumentError::Overflow));
        assert_eq!(collateral(&huge, (1, 1)), Err(InstrumentError::Overflow));
    }

    // --- real decimals: 18-decimal tokens and an 18-decimal fixed-point rate -----------------

    /// One whole token of 18 decimals.
    const UNIT: Balance = 1_000_000_000_000_000_000;
    /// 1 USD = 0.5 GOLD, as an 18-decimal fixed-point rate.
    const HALF: Rate = (UNIT / 2, UNIT);

    fn usd(principal: Balance) -> LendingParams {
        LendingParams {
            principal,
            ..params()
        }
    }

    fn engaging() -> IssuanceContext {
        offer_logic::testing::engaged(
            context(account(2), IssuanceState::Engageable, 1),
            1,
            account(2),
            EngagementState::Initiated,
        )
    }

    #[test]
    fn lending_18_decimal_amounts_are_collateralised_exactly() {
        // 10,000 USD lent at 150% against GOLD at 1 USD = 0.5 GOLD: 7,500 GOLD; 1 USD: 0.75 GOLD.
        for (principal, gold) in [(10_000 * UNIT, 7_500 * UNIT), (UNIT, 3 * UNIT / 4)] {
            assert_eq!(collateral(&usd(principal), HALF), Ok(gold));
            let (mut loan, _) = create(
                &context(account(1), IssuanceState::Initiated, 0),
                LoanKind::Lending,
                &usd(principal).encode(),
                LendingTerms::default(),
                ORACLE,
                |_| unreachable!("lending prices at engagement"),
            )
            .unwrap();
            let outcome = engage(&engaging(), &mut loan, |_| Ok(HALF)).unwrap();
            assert_eq!(loan.collateral, gold);
            assert_eq!(
                outcome.transfers[0],
                Transfer::new(
                    TransferKind::Inbound,
                    account(2),
                    account(2),
                    Asset::Native,
                    gold
                ),
                "the borrower posts exactly {gold}"
            );
            // 30 days at 0.1% per day: 3%
            assert_eq!(loan.repay_amount(), Some(principal / 100 * 103));
        }
    }

    #[test]
    fn borrowing_18_decimal_amounts_are_collateralised_exactly() {
        for (principal, gold) in [(10_000 * UNIT, 7_500 * UNIT), (UNIT, 3 * UNIT / 4)] {
            let (mut loan, outcome) = create(
                &context(account(1), IssuanceState::Initiated, 0),
                LoanKind::Borrowing,
                &usd(principal).encode(),
                LendingTerms::default(),
                ORACLE,
                |_| Ok(HALF),
            )
            .unwrap();
            assert_eq!(loan.collateral, gold);
            assert_eq!(
                outcome.transfers,
                vec![Transfer::new(
                    TransferKind::Inbound,
                    account(1),
                    account(1),
                    Asset::Native,
                    gold
                )],
                "the borrowing maker locks exactly {gold}"
            );
            let outcome = engage(&engaging(), &mut loan, |_| unreachable!("priced at create"));
            assert_eq!(outcome.unwrap().transfers[0].amount, principal);
            assert_eq!(loan.repay_amount(), Some(principal / 100 * 103));
        }
    }

    #[test]
    fn amounts_overflow_only_when_the_result_does_not_fit() {
        // the largest principal: 3% interest fits; 450% (90 days at 5%) does not
        let max = usd(Balance::MAX);
        assert_eq!(
            interest(&max),
            Ok(10_208_471_007_628_153_903_901_238_222_953_046_343)
        );
        let longest = LendingParams {
            tenor_days: 90,
            interest_rate: 50_000,
            ..max
        };
        assert_eq!(interest(&longest), Err(InstrumentError::Overflow));
        // the largest principal at 50% against a rate of 1/2: a quarter of it
        let half = LendingParams {
            collateral_ratio: 5_000,
            ..max
        };
        assert_eq!(collateral(&half, (1, 2)), Ok(Balance::MAX / 4 + 1));
        // an oracle denominator so large that 10000 * it overflows is still a rate
        assert_eq!(
            collateral(&usd(Balance::MAX), (Balance::MAX, Balance::MAX)),
            Err(InstrumentError::Overflow),
            "150% of the largest principal does not fit"
        );
        assert_eq!(
            collateral(&usd(10_000), (Balance::MAX, Balance::MAX)),
            Ok(15_000)
        );
        assert_eq!(
            collateral(&usd(10_000), (1, 0)),
            Err(InstrumentError::OracleFailed)
        );
        // the interest fits but principal + interest does not: refused at create
        let unpayable = LendingParams {
            principal: Balance::MAX / 2 + 1,
            tenor_days: 20,
            interest_rate: 50_000,
            ..params()
        };
        let created = create(
            &context(account(1), IssuanceState::Initiated, 0),
            LoanKind::Lending,
            &unpayable.encode(),
            LendingTerms::default(),
            ORACLE,
            |_| unreachable!("refused before pricing"),
        );
        assert_eq!(created, Err(InstrumentError::Overflow));
    }

    mod exact {
        //! Property tests: every amount rule against a big-integer reference, over the whole
        //! range of its inputs.
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

        fn small() -> impl Strategy<Value = u32> {
            prop_oneof![
                any::<u32>(),
                (any::<u32>(), 0u32..32).prop_map(|(x, shift)| x >> shift)
            ]
        }

        fn big(x: impl Into<BigUint>) -> BigUint {
            x.into()
        }

        fn fit(x: BigUint) -> Result<Balance, InstrumentError> {
            Balance::try_from(x).map_err(|_| InstrumentError::Overflow)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(5_000))]

            #[test]
            fn interest_is_exact_and_rounded_down(
                principal in amount(), tenor_days in small(), interest_rate in small()
            ) {
                let params = LendingParams { principal, tenor_days, interest_rate, ..params() };
                let exact = big(principal) * big(tenor_days) * big(interest_rate)
                    / big(RATE_DENOMINATOR);
                prop_assert_eq!(interest(&params), fit(exact));
            }

            #[test]
            fn collateral_is_exact_and_rounded_up(
                principal in amount(),
                collateral_ratio in small(),
                numerator in amount(),
                denominator in amount(),
            ) {
                let params = LendingParams { principal, collateral_ratio, ..params() };
                let expected = if denominator == 0 {
                    Err(InstrumentError::OracleFailed)
                } else {
                    let dividend = big(principal) * big(collateral_ratio) * big(numerator);
                    let divisor = big(RATIO_DENOMINATOR) * big(denominator);
                    fit((dividend + &divisor - 1u8) / divisor)
                };
                prop_assert_eq!(collateral(&params, (numerator, denominator)), expected);
            }
        }
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
            LoanKind::Lending,
            &params().encode(),
            LendingTerms::default(),
            ORACLE,
            |_| unreachable!("lending prices at engagement"),
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
        assert_eq!(outcome.schedule[0].key, offer_logic::issuance_due_key());
        assert_eq!(outcome.schedule[0].due, NOW + 7 * DAY_MS);
    }

    /// The maker's `collateral_bound` (issue: a lender's protection at engage): a lender's
    /// minimum refuses an engage priced below it; a borrower's maximum refuses a create priced
    /// above it; 0 bounds nothing.
    #[test]
    fn the_makers_collateral_bound_refuses_a_price_beyond_it() {
        let bound = |collateral_bound| LendingParams {
            collateral_bound,
            ..params()
        };
        // 10000 at 150%: 30000 at (2, 1), 15000 at (1, 1)
        for (kind, collateral_bound, rate, expected) in [
            (LoanKind::Lending, 0, (1, 1), Ok(15_000)),
            (LoanKind::Lending, 20_000, (2, 1), Ok(30_000)),
            (LoanKind::Lending, 30_000, (2, 1), Ok(30_000)),
            (
                LoanKind::Lending,
                30_001,
                (2, 1),
                Err(InstrumentError::PriceOutOfBounds),
            ),
            (
                LoanKind::Lending,
                20_000,
                (1, 1),
                Err(InstrumentError::PriceOutOfBounds),
            ),
            (LoanKind::Borrowing, 0, (2, 1), Ok(30_000)),
            (LoanKind::Borrowing, 30_000, (2, 1), Ok(30_000)),
            (
                LoanKind::Borrowing,
                29_999,
                (2, 1),
                Err(InstrumentError::PriceOutOfBounds),
            ),
        ] {
            assert_eq!(
                bounded_collateral(kind, &bound(collateral_bound), rate),
                expected,
                "{kind:?} bound {collateral_bound} at {rate:?}"
            );
        }
        // in a lending engage: refused, and the loan stays unengaged
        let mut loan = Loan {
            params: bound(20_000),
            ..created()
        };
        let ctx = engaging();
        assert_eq!(
            engage(&ctx, &mut loan, |_| Ok((1, 1))),
            Err(InstrumentError::PriceOutOfBounds)
        );
        assert_eq!((loan.engagement, loan.collateral), (None, 0));
        // in a borrowing create: refused
        let created = create(
            &context(account(1), IssuanceState::Initiated, 0),
            LoanKind::Borrowing,
            &bound(29_999).encode(),
            LendingTerms::default(),
            ORACLE,
            |_| Ok((2, 1)),
        );
        assert_eq!(created.err(), Some(InstrumentError::PriceOutOfBounds));
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
                pending_schedules: 0,
            },
        ));
        let outcome = engage(&ctx, &mut loan, |_| Ok((2, 1))).unwrap();
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
        assert_eq!(outcome.unschedule, vec![offer_logic::issuance_due_key()]);
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
                pending_schedules: 0,
            },
        ));
        assert_eq!(
            engage(&ctx, &mut loan, |_| Ok((1, 1))),
            Err(InstrumentError::NotAllowed)
        );
        ctx.engagement = Some((
            1,
            EngagementRecord {
                taker: account(2),
                state: EngagementState::Initiated,
                created_at: NOW,
                pending_schedules: 0,
            },
        ));
        ctx.now = loan.issuance_due;
        assert_eq!(
            engage(&ctx, &mut loan, |_| Ok((1, 1))),
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
        assert_eq!(outcome.transfers, vec![loan.refund()]);
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
        assert_eq!(outcome.transfers, vec![loan.refund()]);
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

    // --- borrowing: the same rules with the roles swapped ------------------------------------

    fn borrowed() -> (Loan, IssuanceContext) {
        let (mut loan, outcome) = create(
            &context(account(1), IssuanceState::Initiated, 0),
            LoanKind::Borrowing,
            &params().encode(),
            LendingTerms::default(),
            ORACLE,
            |loan| {
                assert_eq!(loan.oracle, ORACLE, "priced with the loan's oracle");
                Ok((2, 1))
            },
        )
        .unwrap();
        assert_eq!(loan.collateral, 30_000, "150% of 10000 at 2 per unit");
        assert_eq!(
            outcome.transfers,
            vec![Transfer::new(
                TransferKind::Inbound,
                account(1),
                account(1),
                Asset::Native,
                30_000
            )],
            "the maker locks the collateral at create"
        );
        let mut ctx = context(account(2), IssuanceState::Engageable, 1);
        ctx.engagement = Some((
            1,
            EngagementRecord {
                taker: account(2),
                state: EngagementState::Initiated,
                created_at: NOW,
                pending_schedules: 0,
            },
        ));
        let outcome = engage(&ctx, &mut loan, |_| unreachable!("priced at create")).unwrap();
        assert_eq!(
            outcome.transfers,
            vec![Transfer::new(
                TransferKind::IntraInstrument,
                account(2),
                account(1),
                USD,
                10_000
            )],
            "the lender pays the principal straight to the borrower"
        );
        assert_eq!(loan.parties(), Some((account(1), account(2))));
        ctx.issuance.state = IssuanceState::Complete;
        ctx.caller = account(1);
        ctx.engagement.as_mut().unwrap().1.state = EngagementState::Active;
        (loan, ctx)
    }

    #[test]
    fn borrowing_repay_and_default_swap_the_roles() {
        let (loan, mut ctx) = borrowed();
        let full = 10_300u128.encode();
        let outcome = process_custom_event(&ctx, &loan, REPAY, &full).unwrap();
        assert_eq!(
            outcome.transfers,
            vec![
                Transfer::new(
                    TransferKind::IntraInstrument,
                    account(1),
                    account(2),
                    USD,
                    10_300
                ),
                Transfer::new(
                    TransferKind::Outbound,
                    account(1),
                    account(1),
                    Asset::Native,
                    30_000
                ),
            ]
        );
        ctx.caller = account(2);
        assert_eq!(
            process_custom_event(&ctx, &loan, REPAY, &full),
            Err(InstrumentError::NotAllowed),
            "the lender does not repay"
        );
        let outcome = process_scheduled_event(&ctx, &loan, ENGAGEMENT_DUE).unwrap();
        assert_eq!(
            outcome.transfers,
            vec![Transfer::new(
                TransferKind::Outbound,
                account(1),
                account(2),
                Asset::Native,
                30_000
            )],
            "an unpaid loan's collateral goes to the lender"
        );
    }

    #[test]
    fn borrowing_offers_return_the_collateral_when_cancelled_or_due() {
        let (loan, _) = borrowed();
        let back = Transfer::new(
            TransferKind::Outbound,
            account(1),
            account(1),
            Asset::Native,
            30_000,
        );
        let ctx = context(account(1), IssuanceState::Engageable, 0);
        let cancelled = process_custom_event(&ctx, &loan, CANCEL, &[]).unwrap();
        assert_eq!(cancelled.transfers, vec![back]);
        let expired = process_scheduled_event(&ctx, &loan, ISSUANCE_DUE).unwrap();
        assert_eq!(expired.transfers, vec![back]);
        let failed = create(
            &context(account(1), IssuanceState::Initiated, 0),
            LoanKind::Borrowing,
            &params().encode(),
            LendingTerms::default(),
            ORACLE,
            |_| Err(InstrumentError::OracleFailed),
        );
        assert_eq!(failed, Err(InstrumentError::OracleFailed));
    }
}
