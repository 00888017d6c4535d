//! The multi-swap instrument on interface v2 (docs/SPEC.md §8): the maker offers `input_amount` of
//! one asset for `output_amount` of another; many takers each pay a part of the output within
//! `[min_output, max_output]` (less than `min_output` only when that is exactly what is left,
//! never more than `max_output`) and receive their share of the input; the taker who completes
//! the offer receives exactly what is left, so no dust stays in the escrow. An offer is refused
//! unless `ceil(output_amount / min_output) <= MAX_ENGAGEMENTS`, so that it can always be
//! completed within the engagements an issuance may have. `issuance_due` completes the issuance
//! with the ratio reached and returns the rest of the input. The rules are `swap_logic`'s,
//! shared with the spot swap.
//!
//! Why v2: every taker changes the running totals, and the issuance storage is writable by this
//! instrument only inside the manager's call for that issuance: a record that many engagements
//! write is exactly what v2's grant-per-call protects.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::multi_swap_v2::MultiSwapV2Ref;

#[instrument_settings::instrument]
#[ink::contract]
mod multi_swap_v2 {
    use ink::{prelude::vec::Vec, scale::Encode};
    use instrument_settings::InstrumentSettings;
    use offer_logic::{decode_exact, OfferTerms};
    use swap_logic::{decode_multi, decode_swap, Swap, DATA_SWAP};
    use traits::{
        calls::{storage_get, storage_set},
        Asset, InstrumentError, InstrumentV2, IssuanceContext, Name, Outcome,
    };

    #[ink(storage)]
    pub struct MultiSwapV2 {
        settings: InstrumentSettings,
        terms: OfferTerms,
    }

    /// The swap kept in `storage`; `StorageFailed` if it cannot be read, `InvalidState` if absent.
    fn load(storage: AccountId) -> Result<Swap, InstrumentError> {
        decode_swap(&storage_get(storage, DATA_SWAP)?)
    }

    /// Writes `swap` to `storage`; `StorageFailed` if the storage refuses (e.g. no write grant).
    fn save(storage: AccountId, swap: &Swap) -> Result<(), InstrumentError> {
        storage_set(storage, DATA_SWAP, swap.encode())
    }

    impl MultiSwapV2 {
        /// A multi-swap instrument owned by the caller (the FSP), checking offers against
        /// `terms` (fixed for the instrument's life). Errors: `InvalidParameters` unless the
        /// terms are consistent.
        #[ink(constructor)]
        pub fn new(terms: OfferTerms) -> Result<Self, InstrumentError> {
            Ok(Self {
                settings: InstrumentSettings::new(Self::env().caller()),
                terms: terms.validated()?,
            })
        }

        /// The issuance-duration bounds offers are checked against. Anyone.
        #[ink(message)]
        pub fn terms(&self) -> OfferTerms {
            self.terms
        }
    }

    impl InstrumentV2 for MultiSwapV2 {
        /// Makes an offer from `params` (SCALE `MultiSwapParams`) and writes it to `storage`:
        /// the input moves in, the offer is `Engageable` until `issuance_due`. Caller: the
        /// manager. Errors: `InvalidParameters` (also unless `0 < min_output <= max_output <=
        /// output_amount` and `ceil(output_amount / min_output) <= MAX_ENGAGEMENTS`),
        /// `Overflow`, `StorageFailed`.
        #[ink(message)]
        fn create(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let params = decode_multi(&params, &self.terms)?;
            let bounds = (params.min_output, params.max_output);
            let (swap, outcome) = swap_logic::create(&context, params.swap, bounds, self.terms)?;
            save(storage, &swap)?;
            Ok(outcome)
        }

        /// Swaps a part: `params` is the output the taker pays (SCALE `Balance`), within
        /// `[min_output, max_output]` and what is left, or exactly what is left when that is
        /// below `min_output`; the taker receives its share of the input. Caller: the manager.
        /// Errors: `InvalidParameters` (not a `Balance`), `WrongAmount`, `InvalidState`,
        /// `TooLate`, `NotAllowed` (the maker), `StorageFailed`.
        #[ink(message)]
        fn engage(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let output: Balance = decode_exact(&params, InstrumentError::InvalidParameters)?;
            let mut swap = load(storage)?;
            let outcome = swap_logic::engage(&context, &mut swap, Some(output))?;
            save(storage, &swap)?;
            Ok(outcome)
        }

        /// Swaps take no deposits. Errors: `Unsupported`.
        #[ink(message)]
        fn deposit(
            &mut self,
            _context: IssuanceContext,
            storage: AccountId,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            load(storage)?;
            Err(InstrumentError::Unsupported)
        }

        /// Swaps allow no withdrawals. Errors: `Unsupported`.
        #[ink(message)]
        fn withdraw(
            &mut self,
            _context: IssuanceContext,
            storage: AccountId,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            load(storage)?;
            Err(InstrumentError::Unsupported)
        }

        /// `issuance_due`: `Complete` with the ratio reached, the rest of the input back.
        /// Caller: the manager. Errors: `InvalidState`, `UnknownEvent`, `StorageFailed`.
        #[ink(message)]
        fn process_scheduled_event(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            name: Name,
            _payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            swap_logic::process_scheduled_event(&context, &load(storage)?, name)
        }

        /// `cancel` (maker, nobody swapped yet): the input back. Caller: the manager.
        /// Errors: `NotAllowed`, `InvalidState`, `UnknownEvent`, `StorageFailed`.
        #[ink(message)]
        fn process_custom_event(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            name: Name,
            _payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            swap_logic::process_custom_event(&context, &load(storage)?, name)
        }

        /// Moves `issuance_due` later by `params` (`u32` days) while nobody swapped. Caller:
        /// the manager. Errors: `NotAllowed`, `InvalidState`, `TooLate`, `InvalidParameters`,
        /// `StorageFailed`.
        #[ink(message)]
        fn renew(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let mut swap = load(storage)?;
            let outcome = swap_logic::renew(&context, &mut swap, &params)?;
            save(storage, &swap)?;
            Ok(outcome)
        }

        /// Datum `swap`, `issuance_due` or `remaining_output` of the swap in `storage`.
        /// Anyone. Errors: `InvalidState`, `UnknownEvent`, `StorageFailed`.
        #[ink(message)]
        fn custom_data(&self, storage: AccountId, name: Name) -> Result<Vec<u8>, InstrumentError> {
            swap_logic::custom_data(&load(storage)?, name)
        }
    }
}
