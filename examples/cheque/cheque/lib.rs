//! A cheque: the minimal example instrument of `docs/writing-an-instrument.md`, on interface v1.
//! The maker locks `amount` of `asset` for one named `payee`, valid for `valid_days`:
//! - the payee cashes it by engaging (before it expires): the amount goes to the payee, the
//!   engagement and the issuance are `Complete` at once;
//! - the maker may cancel it before it is cashed, and when it expires the amount goes back.
//!
//! The rules are plain functions (unit-tested below without a chain); the contract only decodes
//! the blob the manager keeps and encodes it back.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::prelude::vec;
use offer_logic::{
    days_after, decode_exact, ensure_open, refund, OfferTerms, CANCEL, ISSUANCE_DUE,
};
use traits::{
    AccountId, Asset, Balance, CompletionRatio, EngagementState, EngagementUpdate, InstrumentError,
    IssuanceContext, IssuanceState, Name, Outcome, Timestamp, Transfer, TransferKind,
};

/// What the maker writes (the `params` of `create_issuance`, SCALE-encoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ChequeParams {
    /// What the cheque pays.
    pub asset: Asset,
    /// How much; more than 0.
    pub amount: Balance,
    /// The only account that may cash it.
    pub payee: AccountId,
    /// How long it can be cashed, days (1..=14).
    pub valid_days: u32,
}

/// One issuance's data: the params and when the cheque expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Cheque {
    /// What the maker wrote.
    pub params: ChequeParams,
    /// When it expires.
    pub expires: Timestamp,
}

/// Create: checks the params and locks the amount until it expires.
pub fn create(
    context: &IssuanceContext,
    params: &[u8],
) -> Result<(Cheque, Outcome), InstrumentError> {
    let params: ChequeParams = decode_exact(params, InstrumentError::InvalidParameters)?;
    if params.amount == 0 || !OfferTerms::default().allows_duration(params.valid_days) {
        return Err(InstrumentError::InvalidParameters);
    }
    let expires = days_after(context.now, params.valid_days)?;
    let locked = (params.asset, params.amount);
    let outcome = offer_logic::open(context.issuance.maker, locked, expires);
    Ok((Cheque { params, expires }, outcome))
}

/// Engage: only the payee, before it expires; the amount goes to the payee.
pub fn cash(context: &IssuanceContext, cheque: &Cheque) -> Result<Outcome, InstrumentError> {
    let (engagement_id, engagement) = context.engagement.ok_or(InstrumentError::InvalidState)?;
    ensure_open(context, cheque.expires)?;
    if engagement.taker != cheque.params.payee {
        return Err(InstrumentError::NotAllowed);
    }
    let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::FULL);
    outcome.engagements = vec![EngagementUpdate {
        engagement_id,
        state: EngagementState::Complete,
    }];
    let (maker, payee) = (context.issuance.maker, cheque.params.payee);
    let (asset, amount) = (cheque.params.asset, cheque.params.amount);
    outcome.transfers = vec![Transfer::new(
        TransferKind::Outbound,
        maker,
        payee,
        asset,
        amount,
    )];
    outcome.unschedule = vec![offer_logic::issuance_due_key()];
    Ok(outcome)
}

/// The amount back to the maker (on cancel and on expiry).
fn back(context: &IssuanceContext, cheque: &Cheque) -> vec::Vec<Transfer> {
    vec![refund(
        context.issuance.maker,
        cheque.params.asset,
        cheque.params.amount,
    )]
}

/// A scheduled event: `issuance_due` expires an uncashed cheque, the amount goes back.
/// Errors: `InvalidState` (cashed or cancelled), `UnknownEvent`.
pub fn on_scheduled(
    context: &IssuanceContext,
    cheque: &Cheque,
    name: Name,
) -> Result<Outcome, InstrumentError> {
    if name != ISSUANCE_DUE {
        return Err(InstrumentError::UnknownEvent);
    }
    offer_logic::expire(context, back(context, cheque))
}

/// A custom event: `cancel`, by the maker before the cheque is cashed; the amount goes back.
/// Errors: `NotAllowed`, `InvalidState`, `UnknownEvent`.
pub fn on_custom(
    context: &IssuanceContext,
    cheque: &Cheque,
    name: Name,
) -> Result<Outcome, InstrumentError> {
    if name != CANCEL {
        return Err(InstrumentError::UnknownEvent);
    }
    offer_logic::cancel(context, back(context, cheque))
}

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::cheque::ChequeInstrumentRef;

#[instrument_settings::instrument]
#[ink::contract]
mod cheque {
    use super::{cash, create, on_custom, on_scheduled, Cheque};
    use ink::{prelude::vec::Vec, scale::Encode};
    use instrument_settings::InstrumentSettings;
    use offer_logic::decode_exact;
    use traits::{Asset, InstrumentError, InstrumentV1, IssuanceContext, Name, Outcome};

    type Reply = Result<(Outcome, Vec<u8>), InstrumentError>;

    fn load(data: &[u8]) -> Result<Cheque, InstrumentError> {
        decode_exact(data, InstrumentError::InvalidState)
    }

    #[ink(storage)]
    pub struct ChequeInstrument {
        settings: InstrumentSettings,
    }

    impl Default for ChequeInstrument {
        fn default() -> Self {
            Self::new()
        }
    }

    impl ChequeInstrument {
        /// A cheque instrument owned by the caller (the FSP).
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                settings: InstrumentSettings::new(Self::env().caller()),
            }
        }
    }

    impl InstrumentV1 for ChequeInstrument {
        /// Writes a cheque from `params` (SCALE `ChequeParams`). Errors: `InvalidParameters`.
        #[ink(message)]
        fn create(&self, context: IssuanceContext, params: Vec<u8>) -> Reply {
            let (cheque, outcome) = create(&context, &params)?;
            Ok((outcome, cheque.encode()))
        }

        /// Cashes the cheque (the payee only). Errors: `NotAllowed`, `InvalidState`, `TooLate`.
        #[ink(message)]
        fn engage(&self, context: IssuanceContext, data: Vec<u8>, _params: Vec<u8>) -> Reply {
            Ok((cash(&context, &load(&data)?)?, data))
        }

        /// Cheques take no deposits. Errors: `Unsupported`.
        #[ink(message)]
        fn deposit(
            &self,
            _context: IssuanceContext,
            _data: Vec<u8>,
            _asset: Asset,
            _amount: Balance,
        ) -> Reply {
            Err(InstrumentError::Unsupported)
        }

        /// Cheques allow no withdrawals. Errors: `Unsupported`.
        #[ink(message)]
        fn withdraw(
            &self,
            _context: IssuanceContext,
            _data: Vec<u8>,
            _asset: Asset,
            _amount: Balance,
        ) -> Reply {
            Err(InstrumentError::Unsupported)
        }

        /// `issuance_due`: an uncashed cheque expires, the amount goes back.
        /// Errors: `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn process_scheduled_event(
            &self,
            context: IssuanceContext,
            data: Vec<u8>,
            name: Name,
            _payload: Vec<u8>,
        ) -> Reply {
            Ok((on_scheduled(&context, &load(&data)?, name)?, data))
        }

        /// `cancel` (the maker, before it is cashed). Errors: `NotAllowed`, `InvalidState`,
        /// `UnknownEvent`.
        #[ink(message)]
        fn process_custom_event(
            &self,
            context: IssuanceContext,
            data: Vec<u8>,
            name: Name,
            _payload: Vec<u8>,
        ) -> Reply {
            Ok((on_custom(&context, &load(&data)?, name)?, data))
        }

        /// Cheques are not renewed. Errors: `Unsupported`.
        #[ink(message)]
        fn renew(&self, _context: IssuanceContext, _data: Vec<u8>, _params: Vec<u8>) -> Reply {
            Err(InstrumentError::Unsupported)
        }

        /// Cheques publish no data. Errors: `UnknownEvent`.
        #[ink(message)]
        fn custom_data(&self, _data: Vec<u8>, _name: Name) -> Result<Vec<u8>, InstrumentError> {
            Err(InstrumentError::UnknownEvent)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::Encode;
    use offer_logic::testing::MAKER;

    const NOW: Timestamp = 1_000_000;
    const PAYEE: AccountId = AccountId([2; 32]);

    fn params() -> ChequeParams {
        ChequeParams {
            asset: Asset::Native,
            amount: 500,
            payee: PAYEE,
            valid_days: 3,
        }
    }

    fn context(taker: AccountId) -> IssuanceContext {
        use offer_logic::testing::{context, engaged};
        let open = context(taker, NOW, IssuanceState::Engageable, 1);
        engaged(open, 1, taker, EngagementState::Initiated)
    }

    #[test]
    fn only_the_payee_cashes_and_only_in_time() {
        let (cheque, created) = create(&context(MAKER), &params().encode()).unwrap();
        assert_eq!(created.transfers[0].amount, 500);
        assert_eq!(
            cash(&context(MAKER), &cheque),
            Err(InstrumentError::NotAllowed)
        );
        let cashed = cash(&context(PAYEE), &cheque).unwrap();
        let paid = Transfer::new(TransferKind::Outbound, MAKER, PAYEE, Asset::Native, 500);
        assert_eq!(cashed.transfers, vec![paid]);
        let mut late = context(PAYEE);
        late.now = cheque.expires;
        assert_eq!(cash(&late, &cheque), Err(InstrumentError::TooLate));
    }

    #[test]
    fn each_event_is_taken_only_where_it_belongs() {
        let (cheque, _) = create(&context(MAKER), &params().encode()).unwrap();
        let (open, custom) = (context(MAKER), Name::new("repay"));
        assert_eq!(
            on_scheduled(&open, &cheque, CANCEL),
            Err(InstrumentError::UnknownEvent)
        );
        assert_eq!(
            on_custom(&open, &cheque, ISSUANCE_DUE),
            Err(InstrumentError::UnknownEvent)
        );
        assert_eq!(
            on_custom(&open, &cheque, custom),
            Err(InstrumentError::UnknownEvent)
        );
    }

    #[test]
    fn bad_params_are_refused() {
        for (amount, valid_days) in [(0, 3), (500, 0), (500, 15)] {
            let bad = ChequeParams {
                amount,
                valid_days,
                ..params()
            };
            let refused = create(&context(MAKER), &bad.encode());
            assert_eq!(refused, Err(InstrumentError::InvalidParameters));
        }
    }
}
